import { buildTrackingView, nextStepOf, type TrackedTicket, timelineKindOf } from '../../shared/src/tracking/tracking-view';

/** What the customer's page says for each status, and which events it shows (shared/src/tracking/tracking-view.ts). */
const at = (minute: number) => new Date(Date.UTC(2026, 11, 7, 2, minute));
const ticket = (overrides: Partial<TrackedTicket> = {}): TrackedTicket => ({
  number: 'TS20261207-00001',
  holder: 'dealer',
  type: 'complaint',
  status: 'dispatched',
  firstContactAt: null,
  acknowledgeDueAt: at(30),
  firstContactDueAt: at(40),
  resolveDueAt: at(50),
  updatedAt: at(1),
  ...overrides,
});

describe('tracking view', () => {
  it('names the next step and the promised time of the clock the customer waits on', () => {
    expect(nextStepOf(ticket({ status: 'new' }))).toMatchObject({ code: 'assign_dealer', dueAt: null });
    expect(nextStepOf(ticket({ status: 'dispatched' }))).toMatchObject({ code: 'dealer_confirms', dueAt: at(30) });
    expect(nextStepOf(ticket({ status: 'acknowledged' }))).toMatchObject({ code: 'dealer_contacts_you', dueAt: at(40) });
    expect(nextStepOf(ticket({ status: 'in_progress', firstContactAt: at(5) }))).toMatchObject({ code: 'resolve', dueAt: at(50) });
    expect(nextStepOf(ticket({ status: 'pending_customer' }))).toMatchObject({ code: 'your_reply', dueAt: null });
    expect(nextStepOf(ticket({ status: 'resolved' }))).toMatchObject({ code: 'callback', dueAt: null });
    expect(nextStepOf(ticket({ status: 'closed' }))).toBeNull();
    expect(nextStepOf(ticket({ status: 'cancelled' }))).toBeNull();
  });

  it('shows the customer-facing events only: no notes, routing, rejections, SLA or calls that did not reach them', () => {
    const events = [
      { type: 'created', occurredAt: at(0), payload: {} },
      { type: 'routed', occurredAt: at(0), payload: { dealerId: 'd1' } },
      { type: 'dispatched', occurredAt: at(0), payload: { dealerId: 'd1' } },
      { type: 'rejected', occurredAt: at(2), payload: { reasonText: 'not ours' } },
      { type: 'dispatched', occurredAt: at(3), payload: { dealerId: 'd2' } },
      { type: 'note', occurredAt: at(4), payload: { body: 'internal' } },
      { type: 'contact_attempt', occurredAt: at(5), payload: { outcome: 'no_answer' } },
      { type: 'contact_attempt', occurredAt: at(6), payload: { outcome: 'reached' } },
      { type: 'sla_breached', occurredAt: at(7), payload: {} },
      { type: 'pended', occurredAt: at(8), payload: {} },
    ];
    expect(events.map(timelineKindOf).filter(Boolean)).toEqual(['created', 'dispatched', 'dispatched', 'contacted', 'waiting_for_you']);
    const view = buildTrackingView(ticket({ status: 'pending_customer' }), events, { zh: '某经销商', en: 'A dealer' });
    expect(view.status.code).toBe('waiting_for_you');
    expect(JSON.stringify(view)).not.toMatch(/internal|not ours|d1|d2/);
  });

  it('speaks of "our specialist team" for a case a carmaker department holds, and of the dealer for a dealer\'s', () => {
    const events = [
      { type: 'dispatched', occurredAt: at(0), payload: { dealerId: 'd1', departmentId: null } },
      { type: 'dispatched', occurredAt: at(1), payload: { dealerId: null, departmentId: 'p1' } },
      { type: 'acknowledged', occurredAt: at(2), payload: {} },
    ];
    const view = buildTrackingView(ticket({ status: 'acknowledged', holder: 'team' }), events, null);
    expect(view.timeline.map((entry) => entry.label.en)).toEqual(['Passed to your dealer', 'Passed to our specialist team', 'Our specialist team confirmed']);
    expect(view.status.label.en).toBe('Our specialist team is working on it');
    expect(view.nextStep?.label.en).toBe('Our specialist team contacts you');
    expect(buildTrackingView(ticket({ status: 'dispatched' }), [], null).status.label.zh).toBe('已转交给您的经销商，等待经销商确认');
  });
});
