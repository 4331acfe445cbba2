import { z } from 'zod';

export const NOTIFICATION_STATUSES = ['pending', 'scheduled', 'sending', 'sent', 'failed'] as const;

/** GET /api/admin/notifications: any combination of a status and a ticket. */
export const ZNotificationQuery = z.strictObject({ status: z.enum(NOTIFICATION_STATUSES).optional(), ticketId: z.uuid().optional() });
export type TNotificationQuery = z.infer<typeof ZNotificationQuery>;

/** POST /api/admin/outbox/:id/retry: outbox rows have numeric ids. */
export const ZOutboxParams = z.strictObject({ id: z.coerce.number().int().positive() });
