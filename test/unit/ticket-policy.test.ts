import type { Actor } from '../../shared/src/auth/actor';
import { canAddNote, canCreateTicket, canReadNote, canTakeAction, canViewFullPhone, canViewTicket, type PolicyTicket, ticketAbilities } from '../../shared/src/tickets/ticket-policy';
import type { Role } from '../../shared/src/tickets/ticket-vocabulary';

const DEALER_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const DEALER_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const QUALITY = 'cccccccc-0000-4000-8000-000000000003';
const SALES = 'dddddddd-0000-4000-8000-000000000004';

const actor = (role: Role, scope: Partial<Actor> = {}): Actor => ({
  kind: 'user', id: `user-${role}`, name: role, role, dealerId: null, departmentId: null, ...scope,
});
const ticket = (overrides: Partial<PolicyTicket> = {}): PolicyTicket => ({
  status: 'dispatched', type: 'complaint', responsibleDealerId: DEALER_A, responsibleDepartmentId: null, ccDepartmentIds: [QUALITY], ...overrides,
});

describe('ticket policy', () => {
  it('scopes dealers to their own tickets and departments to assigned or copied ones', () => {
    expect(canViewTicket(actor('dealer_user', { dealerId: DEALER_A }), ticket())).toBe(true);
    expect(canViewTicket(actor('dealer_manager', { dealerId: DEALER_B }), ticket())).toBe(false);
    expect(canViewTicket(actor('dealer_user'), ticket())).toBe(false);
    expect(canViewTicket(actor('dept_user', { departmentId: QUALITY }), ticket())).toBe(true);
    expect(canViewTicket(actor('dept_user', { departmentId: SALES }), ticket())).toBe(false);
    expect(canViewTicket(actor('dept_user', { departmentId: SALES }), ticket({ responsibleDealerId: null, responsibleDepartmentId: SALES }))).toBe(true);
    for (const role of ['agent', 'supervisor', 'qa', 'admin'] as const) expect(canViewTicket(actor(role), ticket())).toBe(true);
  });

  it('lets the hotline (and careline itself) open tickets, nobody else', () => {
    expect(canCreateTicket(actor('agent'))).toBe(true);
    expect(canCreateTicket(actor('supervisor'))).toBe(true);
    expect(canCreateTicket({ ...actor('admin'), kind: 'system' })).toBe(true);
    for (const role of ['qa', 'admin', 'dealer_user', 'dealer_manager', 'dept_user'] as const) expect(canCreateTicket(actor(role))).toBe(false);
    // A dealer system's API key acts as a dealer user: it does not open hotline tickets.
    expect(canCreateTicket({ ...actor('dealer_user', { dealerId: DEALER_A }), kind: 'api_key' })).toBe(false);
  });

  it('lets only the responsible party acknowledge or reject', () => {
    expect(canTakeAction(actor('dealer_user', { dealerId: DEALER_A }), ticket(), 'acknowledge')).toBe(true);
    expect(canTakeAction(actor('dealer_user', { dealerId: DEALER_B }), ticket(), 'acknowledge')).toBe(false);
    expect(canTakeAction(actor('agent'), ticket(), 'acknowledge')).toBe(false);
    expect(canTakeAction(actor('dept_user', { departmentId: QUALITY }), ticket(), 'reject')).toBe(false);
  });

  it('keeps transfers for supervisors and closing for the hotline', () => {
    expect(canTakeAction(actor('agent'), ticket({ status: 'new', responsibleDealerId: null }), 'dispatch')).toBe(true);
    expect(canTakeAction(actor('agent'), ticket({ status: 'in_progress' }), 'dispatch')).toBe(false);
    expect(canTakeAction(actor('supervisor'), ticket({ status: 'in_progress' }), 'dispatch')).toBe(true);
    expect(canTakeAction(actor('dealer_user', { dealerId: DEALER_A }), ticket({ status: 'resolved' }), 'close')).toBe(false);
    expect(canTakeAction(actor('agent'), ticket({ status: 'resolved' }), 'close')).toBe(true);
    expect(canTakeAction(actor('qa'), ticket({ status: 'resolved' }), 'close')).toBe(false);
  });

  it('keeps internal notes away from dealers', () => {
    expect(canAddNote(actor('dealer_user', { dealerId: DEALER_A }), ticket(), 'internal')).toBe(false);
    expect(canAddNote(actor('dealer_user', { dealerId: DEALER_A }), ticket(), 'dealer')).toBe(true);
    expect(canAddNote(actor('agent'), ticket({ status: 'closed' }), 'dealer')).toBe(false);
    expect(canReadNote(actor('dealer_user', { dealerId: DEALER_A }), 'internal')).toBe(false);
    expect(canReadNote(actor('dept_user', { departmentId: QUALITY }), 'internal')).toBe(true);
  });

  it('shows the full phone to the hotline and to the dealer once acknowledged', () => {
    const dealer = actor('dealer_user', { dealerId: DEALER_A });
    expect(canViewFullPhone(dealer, ticket())).toBe(false);
    expect(canViewFullPhone(dealer, ticket({ status: 'acknowledged' }))).toBe(true);
    expect(canViewFullPhone(actor('qa'), ticket({ status: 'acknowledged' }))).toBe(false);
    expect(canViewFullPhone(actor('dept_user', { departmentId: QUALITY }), ticket({ status: 'acknowledged' }))).toBe(false);
    expect(canViewFullPhone(actor('agent'), ticket())).toBe(true);
  });

  it('lets the hotline route by the rules only what nobody owns: held new tickets and rejected ones', () => {
    for (const status of ['new', 'rerouted'] as const) {
      expect(ticketAbilities(actor('agent'), ticket({ status })).route).toBe(true);
      expect(ticketAbilities(actor('supervisor'), ticket({ status })).route).toBe(true);
      expect(ticketAbilities(actor('qa'), ticket({ status })).route).toBe(false);
    }
    expect(ticketAbilities(actor('agent'), ticket({ status: 'dispatched' })).route).toBe(false);
  });

  it('gives an outsider no ability at all', () => {
    const abilities = ticketAbilities(actor('dealer_user', { dealerId: DEALER_B }), ticket({ status: 'acknowledged' }));
    expect(Object.values(abilities).every((allowed) => allowed === false)).toBe(true);
  });
});
