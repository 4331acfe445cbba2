import { z } from 'zod';

const ZEmail = z.email().max(200);
/** A person an escalation reaches by role. `locale`: the language of their mail (Chinese when not given). */
const ZContact = z.strictObject({
  role: z.string().trim().min(2).max(50),
  name: z.string().trim().min(1).max(100),
  email: ZEmail,
  locale: z.enum(['zh-CN', 'en']).optional(),
});
export type EscalationContact = z.infer<typeof ZContact>;

/** A user's own settings: the language of their mail and whether non-urgent mail comes at once or as a digest. */
export const ZUpdateMyPreferencesRequest = z
  .strictObject({
    locale: z.enum(['zh-CN', 'en']).optional(),
    nonUrgent: z.enum(['immediate', 'digest']).optional(),
  })
  .refine((value) => value.locale !== undefined || value.nonUrgent !== undefined, { message: 'nothing to change' });
export type TUpdateMyPreferencesRequest = z.infer<typeof ZUpdateMyPreferencesRequest>;

/** Where a dealer's mail goes: its notification addresses and the contacts escalations reach by role. */
export const ZUpdateDealerNotificationSettingsRequest = z
  .strictObject({
    notificationEmails: z.array(ZEmail).min(1).max(10).optional(),
    escalationContacts: z.array(ZContact).max(10).optional(),
  })
  .refine((value) => value.notificationEmails !== undefined || value.escalationContacts !== undefined, { message: 'nothing to change' });
export type TUpdateDealerNotificationSettingsRequest = z.infer<typeof ZUpdateDealerNotificationSettingsRequest>;

/** A region's escalation contacts (its regional manager). */
export const ZUpdateRegionContactsRequest = z.strictObject({ escalationContacts: z.array(ZContact).max(10) });
export type TUpdateRegionContactsRequest = z.infer<typeof ZUpdateRegionContactsRequest>;
