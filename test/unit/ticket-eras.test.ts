import type { Actor } from '../../shared/src/auth/actor';
import { assignEras, type EraEvent, visibleEvents, visibleMilestones } from '../../shared/src/tickets/ticket-eras';
import type { Role } from '../../shared/src/tickets/ticket-vocabulary';

const DEALER_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const DEALER_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const DEALER_C = 'cccccccc-0000-4000-8000-000000000005';
const QUALITY = 'cccccccc-0000-4000-8000-000000000003';
const SALES = 'dddddddd-0000-4000-8000-000000000004';
const SERVICE = 'eeeeeeee-0000-4000-8000-000000000006';

const viewer = (role: Role, scope: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: `user-${role}`, name: role, role, dealerId: null, departmentId: null, ...scope,
});
const dealerA = viewer('dealer_user', { dealerId: DEALER_A });
const dealerB = viewer('dealer_manager', { dealerId: DEALER_B });
const dealerC = viewer('dealer_user', { dealerId: DEALER_C });
const quality = viewer('dept_user', { departmentId: QUALITY });
const sales = viewer('dept_user', { departmentId: SALES });
const service = viewer('dept_user', { departmentId: SERVICE });

let sequence = 0;
const event = (type: string, actorRole: string | null, payload: Record<string, unknown> = {}): EraEvent & { marker: string } => {
  sequence += 1;
  return { sequence, type, actorRole, payload, marker: `${type}#${sequence}` };
};

/**
 * A complaint created by an agent (copying quality), routed to dealer A, which notes and rejects with a reason;
 * routing sends it to dealer B, which contacts the customer; a supervisor transfers it to dealer C.
 */
function movedBetweenDealers() {
  sequence = 0;
  return [
    event('created', 'agent', { ccDepartmentIds: [QUALITY] }),
    event('note', 'agent', { visibility: 'dealer', body: 'hotline: customer prefers mornings' }),
    event('routed', 'admin', { target: { kind: 'dealer', dealerId: DEALER_A }, ccDepartmentIds: [QUALITY] }),
    event('dispatched', 'admin', { mode: 'routing', dealerId: DEALER_A, departmentId: null, ccDepartmentIds: [QUALITY] }),
    event('acknowledged', 'dealer_user', {}),
    event('note', 'dealer_user', { visibility: 'dealer', body: 'A-SECRET note' }),
    event('contact_attempt', 'dealer_user', { outcome: 'no_answer', note: 'A-SECRET contact' }),
    event('sla_breached', 'admin', { clock: 'acknowledge', ownerType: 'dealer', ownerId: DEALER_A }),
    event('rejected', 'dealer_user', { dealerId: DEALER_A, reasonCode: 'out_of_area', reasonText: 'A-SECRET reason' }),
    event('note', 'supervisor', { visibility: 'dealer', body: 'hotline between owners' }),
    event('note', 'supervisor', { visibility: 'internal', body: 'internal between owners' }),
    event('routed', 'admin', { target: { kind: 'dealer', dealerId: DEALER_B }, ccDepartmentIds: [QUALITY] }),
    event('dispatched', 'admin', { mode: 'routing', dealerId: DEALER_B, departmentId: null, previousDealerId: null, ccDepartmentIds: [QUALITY] }),
    event('contact_attempt', 'dealer_manager', { outcome: 'reached', note: 'B-SECRET contact' }),
    event('sla_warning', 'admin', { clock: 'internal', ownerType: 'department', ownerId: QUALITY }),
    event('note', 'dept_user', { visibility: 'internal', body: 'quality finding' }),
    event('dispatched', 'supervisor', { mode: 'manual', transfer: true, dealerId: DEALER_C, departmentId: null, previousDealerId: DEALER_B, ccDepartmentIds: [QUALITY] }),
    event('note', 'dealer_user', { visibility: 'dealer', body: 'C note' }),
  ];
}

const bodies = (events: Array<EraEvent>) => events.map((item) => (item.payload.body ?? item.payload.note ?? item.payload.reasonText ?? item.type) as string);
const markers = (events: Array<{ marker: string }>) => events.map((item) => item.marker);

describe('scoping by era', () => {
  it('cuts the history into eras at dispatches and rejects', () => {
    const eras = assignEras(movedBetweenDealers());
    const ownerAt = (index: number) => eras[index].owner?.id ?? null;
    expect(ownerAt(0)).toBeNull();
    expect(ownerAt(3)).toBe(DEALER_A); // the dispatch starts A's era
    expect(ownerAt(8)).toBe(DEALER_A); // the reject is A's last act
    expect(ownerAt(9)).toBeNull(); // nobody owns it between the reject and the next dispatch
    expect(ownerAt(12)).toBe(DEALER_B);
    expect(ownerAt(16)).toBe(DEALER_C);
    expect(eras.every((entry) => entry.copied.has(QUALITY))).toBe(true);
  });

  it('shows a dealer its own eras and what the hotline addressed to every owner, never a former owner', () => {
    const seen = visibleEvents(dealerB, movedBetweenDealers());
    expect(bodies(seen)).toEqual(['created', 'hotline: customer prefers mornings', 'hotline between owners', 'dispatched', 'B-SECRET contact']);
    expect(JSON.stringify(seen)).not.toContain('A-SECRET');
    expect(JSON.stringify(seen)).not.toContain(DEALER_A);
    // Routing's decisions are never a dealer's reading, even its own.
    expect(seen.some((item) => item.type === 'routed')).toBe(false);
  });

  it('does not name the former owner in a transfer and keeps the internal clocks from dealers', () => {
    const seen = visibleEvents(dealerC, movedBetweenDealers());
    expect(bodies(seen)).toEqual(['created', 'hotline: customer prefers mornings', 'hotline between owners', 'dispatched', 'C note']);
    const transfer = seen.find((item) => item.type === 'dispatched')!;
    expect(transfer.payload.previousDealerId).toBeNull();
    expect(transfer.payload.dealerId).toBe(DEALER_C);
    expect(JSON.stringify(seen)).not.toContain(DEALER_B);
    expect(JSON.stringify(seen)).not.toContain('B-SECRET');
  });

  it('shows the first owner only its own era', () => {
    const seen = visibleEvents(dealerA, movedBetweenDealers());
    expect(bodies(seen)).toEqual([
      'created',
      'hotline: customer prefers mornings',
      'dispatched',
      'acknowledged',
      'A-SECRET note',
      'A-SECRET contact',
      'sla_breached',
      'A-SECRET reason',
    ]);
    expect(JSON.stringify(seen)).not.toContain(DEALER_B);
  });

  it('lets a copied department follow the whole case, and a department owner only its own eras', () => {
    const copied = visibleEvents(quality, movedBetweenDealers());
    expect(markers(copied as Array<EraEvent & { marker: string }>)).toHaveLength(18);
    // Departments are OEM staff: internal notes are theirs to read.
    expect(bodies(copied)).toContain('internal between owners');

    sequence = 0;
    const betweenDepartments = [
      event('created', 'agent', { ccDepartmentIds: [] }),
      event('dispatched', 'agent', { mode: 'manual', dealerId: null, departmentId: SALES, ccDepartmentIds: [] }),
      event('note', 'dept_user', { visibility: 'internal', body: 'SALES-SECRET' }),
      event('rejected', 'dept_user', { departmentId: SALES, reasonCode: 'not_ours', reasonText: 'SALES-SECRET reason' }),
      event('dispatched', 'supervisor', { mode: 'manual', dealerId: null, departmentId: SERVICE, previousDepartmentId: SALES, ccDepartmentIds: [] }),
      event('note', 'dept_user', { visibility: 'internal', body: 'service work' }),
    ];
    const seenByService = visibleEvents(service, betweenDepartments);
    expect(bodies(seenByService)).toEqual(['created', 'dispatched', 'service work']);
    expect(JSON.stringify(seenByService)).not.toContain(SALES);
    expect(bodies(visibleEvents(sales, betweenDepartments))).toEqual(['created', 'dispatched', 'SALES-SECRET', 'SALES-SECRET reason']);
  });

  it('gives the hotline the whole history, and nothing to a scoped user without a party', () => {
    const events = movedBetweenDealers();
    for (const role of ['agent', 'supervisor', 'qa', 'admin'] as const) expect(visibleEvents(viewer(role), events)).toHaveLength(events.length);
    expect(visibleEvents(viewer('dealer_user'), events)).toEqual([]);
    expect(visibleEvents(viewer('dept_user'), events)).toEqual([]);
    // A dealer's API key is scoped like its users.
    expect(visibleEvents({ ...dealerB, kind: 'api_key' }, events)).toEqual(visibleEvents(dealerB, events));
  });

  it('keeps each party to its own clocks', () => {
    const milestones = [
      { clock: 'acknowledge', ownerType: 'dealer', ownerId: DEALER_A, marker: 'A ack' },
      { clock: 'acknowledge', ownerType: 'dealer', ownerId: DEALER_B, marker: 'B ack' },
      { clock: 'resolve', ownerType: 'dealer', ownerId: DEALER_B, marker: 'B resolve' },
      { clock: 'internal', ownerType: 'department', ownerId: QUALITY, marker: 'quality internal' },
      { clock: 'internal', ownerType: 'department', ownerId: SALES, marker: 'sales internal' },
    ];
    const ticket = { ccDepartmentIds: [QUALITY, SALES] };
    expect(markers(visibleMilestones(dealerB, milestones, ticket))).toEqual(['B ack', 'B resolve']);
    expect(markers(visibleMilestones(dealerC, milestones, ticket))).toEqual([]);
    expect(markers(visibleMilestones(quality, milestones, ticket))).toHaveLength(5);
    expect(markers(visibleMilestones(service, milestones, ticket))).toEqual([]);
    expect(markers(visibleMilestones(service, milestones, { ccDepartmentIds: [] }))).toEqual([]);
    expect(markers(visibleMilestones(viewer('qa'), milestones, ticket))).toHaveLength(5);
  });
});
