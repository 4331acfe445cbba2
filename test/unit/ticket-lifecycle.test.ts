import fc from 'fast-check';
import { isOpenStatus, lifecycleActions, TICKET_ACTIONS, type TicketAction, transition } from '../../shared/src/tickets/ticket-lifecycle';
import { TICKET_STATUSES, TICKET_TYPES, type TicketStatus, type TicketType } from '../../shared/src/tickets/ticket-vocabulary';

const complaint = (status: TicketStatus) => ({ status, type: 'complaint' as TicketType });

describe('ticket lifecycle', () => {
  it.each<[TicketStatus, TicketAction, TicketStatus]>([
    ['new', 'dispatch', 'dispatched'],
    ['rerouted', 'dispatch', 'dispatched'],
    ['dispatched', 'acknowledge', 'acknowledged'],
    ['dispatched', 'reject', 'rerouted'],
    ['acknowledged', 'start', 'in_progress'],
    ['in_progress', 'pend', 'pending_customer'],
    ['pending_customer', 'resume', 'in_progress'],
    ['in_progress', 'resolve', 'resolved'],
    ['pending_customer', 'resolve', 'resolved'],
    ['resolved', 'close', 'closed'],
    ['resolved', 'reopen', 'reopened'],
    ['reopened', 'start', 'in_progress'],
    ['dispatched', 'cancel', 'cancelled'],
    ['in_progress', 'dispatch', 'dispatched'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(transition(complaint(from), action)).toEqual({ ok: true, from, to });
  });

  it.each<[TicketStatus, TicketAction]>([
    ['new', 'acknowledge'],
    ['new', 'close'],
    ['dispatched', 'resolve'],
    ['dispatched', 'start'],
    ['acknowledged', 'reject'],
    ['in_progress', 'close'],
    ['resolved', 'cancel'],
    ['closed', 'reopen'],
    ['cancelled', 'dispatch'],
    ['rerouted', 'acknowledge'],
  ])('refuses %s --%s-->', (from, action) => {
    expect(transition(complaint(from), action)).toEqual({ ok: false, from });
  });

  it('lets the agent resolve enquiries, suggestions and praise on the call, but not complaints', () => {
    for (const type of ['enquiry', 'suggestion', 'praise'] as const) {
      expect(transition({ status: 'new', type }, 'resolve')).toMatchObject({ ok: true, to: 'resolved' });
    }
    for (const type of ['complaint', 'roadside', 'lead'] as const) {
      expect(transition({ status: 'new', type }, 'resolve').ok).toBe(false);
    }
  });

  it('closed and cancelled are terminal', () => {
    for (const type of TICKET_TYPES) {
      expect(lifecycleActions({ status: 'closed', type })).toEqual([]);
      expect(lifecycleActions({ status: 'cancelled', type })).toEqual([]);
    }
  });

  it('any sequence of actions stays inside the known statuses, and an open ticket can always be cancelled', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TICKET_TYPES), fc.array(fc.constantFrom(...TICKET_ACTIONS), { maxLength: 40 }), (type, actions) => {
        let status: TicketStatus = 'new';
        for (const action of actions) {
          const result = transition({ status, type }, action);
          if (result.ok) status = result.to;
          expect(TICKET_STATUSES).toContain(status);
          if (isOpenStatus(status)) expect(transition({ status, type }, 'cancel').ok).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('every status but the terminal ones is reachable from new', () => {
    const reachable = new Set<TicketStatus>(['new']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const status of [...reachable]) {
        for (const action of TICKET_ACTIONS) {
          const result = transition({ status, type: 'enquiry' }, action);
          if (result.ok && !reachable.has(result.to)) {
            reachable.add(result.to);
            grew = true;
          }
        }
      }
    }
    expect([...reachable].sort()).toEqual([...TICKET_STATUSES].sort());
  });
});
