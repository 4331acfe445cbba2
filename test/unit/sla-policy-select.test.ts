import fc from 'fast-check';
import { pickSlaPolicy, selectSlaPolicy, type SlaPolicyTargets } from '../../shared/src/sla/sla-policy';
import { PRIORITIES, type Priority, TICKET_TYPES, type TicketType } from '../../shared/src/tickets/ticket-vocabulary';

const policy = (code: string, ticketType: TicketType | null, priority: Priority | null, overrides: Partial<SlaPolicyTargets> = {}): SlaPolicyTargets => ({
  id: `id-${code}`,
  code,
  ticketType,
  priority,
  acknowledgeMinutes: 60,
  firstContactMinutes: 120,
  resolveMinutes: 1440,
  calendarId: null,
  warningRatio: 0.75,
  active: true,
  ...overrides,
});

const policies = [
  policy('ANY', null, null),
  policy('P1', null, 'P1'),
  policy('COMPLAINT', 'complaint', null),
  policy('COMPLAINT-P1', 'complaint', 'P1'),
];

describe('the most specific policy wins', () => {
  it.each([
    ['type and priority', 'complaint', 'P1', 'COMPLAINT-P1'],
    ['type over priority', 'complaint', 'P2', 'COMPLAINT'],
    ['priority over the catch-all', 'enquiry', 'P1', 'P1'],
    ['the catch-all when nothing else fits', 'enquiry', 'P3', 'ANY'],
  ] as const)('%s', (_name, type, priority, code) => {
    expect(pickSlaPolicy(policies, type, priority)?.code).toBe(code);
  });

  it('ignores inactive policies and finds none when nothing fits', () => {
    expect(pickSlaPolicy([policy('COMPLAINT-P1', 'complaint', 'P1', { active: false }), ...policies.slice(0, 3)], 'complaint', 'P1')?.code).toBe('COMPLAINT');
    expect(pickSlaPolicy([policy('ROADSIDE', 'roadside', null)], 'complaint', 'P1')).toBeNull();
  });

  it('breaks a tie between equally specific policies by code, whatever their order', () => {
    const tied = [policy('B', 'complaint', null), policy('A', 'complaint', null)];
    expect(pickSlaPolicy(tied, 'complaint', 'P2')?.code).toBe('A');
    expect(pickSlaPolicy([...tied].reverse(), 'complaint', 'P2')?.code).toBe('A');
  });

  it('property: the choice fits the ticket, is active, and no fitting active policy is more specific', () => {
    const arbitraryPolicy = fc.record({
      code: fc.string({ minLength: 1, maxLength: 4 }),
      ticketType: fc.option(fc.constantFrom(...TICKET_TYPES), { nil: null }),
      priority: fc.option(fc.constantFrom(...PRIORITIES), { nil: null }),
      active: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryPolicy, { maxLength: 12 }), fc.constantFrom(...TICKET_TYPES), fc.constantFrom(...PRIORITIES), (drawn, type, priority) => {
        const list = drawn.map((entry) => policy(entry.code, entry.ticketType, entry.priority, { active: entry.active }));
        const fits = (candidate: SlaPolicyTargets) =>
          candidate.active && (candidate.ticketType === null || candidate.ticketType === type) && (candidate.priority === null || candidate.priority === priority);
        const specificity = (candidate: SlaPolicyTargets) => (candidate.ticketType !== null ? 2 : 0) + (candidate.priority !== null ? 1 : 0);
        const chosen = pickSlaPolicy(list, type, priority);
        if (!list.some(fits)) return chosen === null;
        return chosen !== null && fits(chosen) && list.filter(fits).every((other) => specificity(other) <= specificity(chosen));
      }),
    );
  });
});

describe('a routing rule’s policy', () => {
  it('takes precedence over the type×priority choice', () => {
    const fast = policy('COMPLAINT-FAST', null, 'P4');
    expect(selectSlaPolicy([...policies, fast], { type: 'complaint', priority: 'P1', ruleCode: 'COMPLAINT-FAST' })).toEqual({ policy: fast, source: 'routing_rule' });
  });

  it('without a rule’s policy, the most specific one governs', () => {
    expect(selectSlaPolicy(policies, { type: 'complaint', priority: 'P1' })).toEqual({ policy: policies[3], source: 'type_priority' });
    expect(selectSlaPolicy(policies, { type: 'complaint', priority: 'P1', ruleCode: null })?.source).toBe('type_priority');
  });

  it('falls back to the type×priority choice when the named policy is gone or inactive', () => {
    const retired = policy('RETIRED', null, null, { active: false });
    expect(selectSlaPolicy([...policies, retired], { type: 'complaint', priority: 'P2', ruleCode: 'RETIRED' })).toEqual({ policy: policies[2], source: 'type_priority' });
    expect(selectSlaPolicy(policies, { type: 'complaint', priority: 'P2', ruleCode: 'NO-SUCH-CODE' })).toEqual({ policy: policies[2], source: 'type_priority' });
  });
});
