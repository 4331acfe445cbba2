import type { schema } from '@careline/shared/server';
import { commonMessages } from '../../console/src/i18n/common.messages';

type Clock = (typeof schema.slaMilestones.$inferSelect)['clock'];
// Every clock a milestone row can hold (the compiler rejects a name that is not one; a new clock must be added here).
const CLOCKS: Record<Clock, true> = { acknowledge: true, first_contact: true, resolve: true, internal: true, rescue_accept: true, rescue_arrive: true };

/** Ticket histories, the SLA panel and the policy table show `sla.clock.<clock>`: none may show a raw key. */
describe('clock names in the console', () => {
  it.each(['zh-CN', 'en'] as const)('has a %s name for every clock', (locale) => {
    const table: Record<string, string> = commonMessages[locale];
    for (const clock of Object.keys(CLOCKS)) expect([clock, table[`sla.clock.${clock}`]]).toEqual([clock, expect.any(String)]);
  });
});
