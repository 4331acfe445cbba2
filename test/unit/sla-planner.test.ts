import fc from 'fast-check';
import { BusinessCalendar, businessMsBetween } from '../../shared/src/sla/business-calendar';
import { CHINA_HOLIDAYS } from '../../shared/src/sla/china-holidays';
import {
  concernsSla,
  governingPolicy,
  type GoverningPolicy,
  planSlaChange,
  recomputedDeadlines,
  type SlaCalendars,
  type SlaChangeFacts,
  type SlaClockRow,
  type SlaPlanPolicy,
  type SlaTicket,
} from '../../shared/src/sla/sla-planner';
import { milestoneStateOf, type MilestoneClock } from '../../shared/src/sla/sla-policy';
import { TICKET_STATUSES } from '../../shared/src/tickets/ticket-vocabulary';

const MINUTE = 60_000;
const workday: Array<[string, string]> = [['08:30', '18:00']];
const standard = new BusinessCalendar({
  timeZone: 'Asia/Shanghai',
  weeklyHours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
  holidays: CHINA_HOLIDAYS.filter((day) => day.kind === 'holiday').map((day) => day.day),
  workdays: CHINA_HOLIDAYS.filter((day) => day.kind === 'workday').map((day) => day.day),
});
const nightShift = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: { '1': [['20:00', '24:00']], '3': [['20:00', '24:00']] }, holidays: [], workdays: [] });
const calendars: SlaCalendars = { ticket: standard, departments: new Map([['dept-quality', nightShift]]) };
/** China local time → instant. */
const cst = (local: string) => new Date(`${local}+08:00`);

const policy: SlaPlanPolicy = {
  id: 'policy-complaint',
  code: 'COMPLAINT',
  ticketType: 'complaint',
  priority: null,
  acknowledgeMinutes: 60,
  firstContactMinutes: 120,
  resolveMinutes: 1440,
  calendarId: null,
  warningRatio: 0.75,
  active: true,
  ccInternalMinutes: 240,
};
const kept: GoverningPolicy = { policy, source: 'kept' };

const ticket = (overrides: Partial<SlaTicket> = {}): SlaTicket => ({
  status: 'acknowledged',
  type: 'complaint',
  priority: 'P2',
  responsibleDealerId: 'dealer-a',
  responsibleDepartmentId: null,
  ccDepartmentIds: [],
  firstContactAt: null,
  pausedAt: null,
  slaPolicyId: policy.id,
  acknowledgeDueAt: null,
  firstContactDueAt: null,
  resolveDueAt: null,
  ...overrides,
});

let ids = 0;
const clock = (kind: MilestoneClock, overrides: Partial<SlaClockRow> = {}): SlaClockRow => ({
  id: `clock-${(ids += 1)}`,
  clock: kind,
  ownerType: kind === 'internal' ? 'department' : 'dealer',
  ownerId: kind === 'internal' ? 'dept-quality' : 'dealer-a',
  startedAt: cst('2025-11-03T09:00'),
  dueAt: cst('2025-11-05T10:00'),
  warnAt: cst('2025-11-05T09:00'),
  metAt: null,
  cancelledAt: null,
  pausedSeconds: 0,
  nextEscalationAt: null,
  ...overrides,
});
/** A ticket's usual open clocks: the dealer's three and a copied department's internal one. */
const openClocks = () => [clock('acknowledge'), clock('first_contact'), clock('resolve'), clock('internal')];

const plan = (before: SlaTicket, after: SlaTicket, clocks: SlaClockRow[], now: Date, facts?: SlaChangeFacts, governing: GoverningPolicy | null = kept) =>
  planSlaChange({ before, after, clocks, policy: governing, calendars, now, facts });

describe('dispatch and reroute', () => {
  const fresh = ticket({ status: 'new', responsibleDealerId: null, slaPolicyId: null });
  const dispatched = { ...fresh, status: 'dispatched', responsibleDealerId: 'dealer-a', ccDepartmentIds: ['dept-quality'] };

  it('a first dispatch chooses the policy and starts the owner’s clocks and each copied department’s, in their own hours', () => {
    const governing = governingPolicy({ before: fresh, after: dispatched, current: null, policies: [policy] });
    expect(governing).toEqual({ policy, source: 'type_priority' });
    const result = plan(fresh, dispatched, [], cst('2025-11-04T17:00'), {}, governing);
    expect(result.policy).toMatchObject({ policy: { code: 'COMPLAINT' }, chosen: true });
    expect(result.start.map((started) => [started.clock, started.ownerId, started.dueAt])).toEqual([
      // An hour before closing: due exactly at the end of the day.
      ['acknowledge', 'dealer-a', cst('2025-11-04T18:00')],
      ['first_contact', 'dealer-a', cst('2025-11-05T09:30')],
      ['resolve', 'dealer-a', cst('2025-11-07T12:30')],
      // The department works evenings on Mondays and Wednesdays: four hours of them from Tuesday 17:00.
      ['internal', 'dept-quality', cst('2025-11-05T24:00')],
    ]);
    expect(result.summary).toEqual({
      slaPolicyId: policy.id,
      acknowledgeDueAt: cst('2025-11-04T18:00'),
      firstContactDueAt: cst('2025-11-05T09:30'),
      resolveDueAt: cst('2025-11-07T12:30'),
    });
    expect(result.summaryChanged).toBe(true);
    expect(result.clocksMoved).toBe(true);
  });

  it('a routing rule’s policy governs the clocks of the ticket it routes, ahead of the type×priority default', () => {
    const fast: SlaPlanPolicy = { ...policy, id: 'policy-fast', code: 'COMPLAINT-FAST', ticketType: null, priority: 'P4', acknowledgeMinutes: 15 };
    const governing = governingPolicy({ before: fresh, after: dispatched, current: null, policies: [policy, fast], facts: { routedPolicyCode: 'COMPLAINT-FAST' } });
    expect(governing).toEqual({ policy: fast, source: 'routing_rule' });
    const result = plan(fresh, dispatched, [], cst('2025-11-04T10:00'), {}, governing);
    expect(result.summary.slaPolicyId).toBe('policy-fast');
    expect(result.start.find((started) => started.clock === 'acknowledge')?.dueAt).toEqual(cst('2025-11-04T10:15'));
  });

  it('a ticket keeps the policy it was first dispatched under', () => {
    const other: SlaPlanPolicy = { ...policy, id: 'policy-other', code: 'OTHER' };
    const before = ticket();
    const after = { ...before, status: 'dispatched', responsibleDealerId: 'dealer-b' };
    expect(governingPolicy({ before, after, current: policy, policies: [other], facts: { routedPolicyCode: 'OTHER' } })).toEqual(kept);
    // No dispatch, no policy yet: nothing to choose.
    expect(governingPolicy({ before: fresh, after: { ...fresh, status: 'cancelled' }, current: null, policies: [policy] })).toBeNull();
  });

  it('property: a reroute restarts the acknowledge clock for the new owner and carries the customer’s clocks over', () => {
    fc.assert(
      fc.property(fc.date({ min: cst('2025-01-01T00:00'), max: cst('2026-12-01T00:00'), noInvalidDate: true }), fc.boolean(), (now, toDepartment) => {
        const clocks = openClocks();
        const before = ticket({ status: 'rerouted', ccDepartmentIds: ['dept-quality'] });
        const after = { ...before, status: 'dispatched', responsibleDealerId: toDepartment ? null : 'dealer-b', responsibleDepartmentId: toDepartment ? 'dept-service' : null };
        const result = plan(before, after, clocks, now);
        const newOwner = toDepartment ? 'dept-service' : 'dealer-b';
        const acknowledge = result.start.filter((started) => started.clock === 'acknowledge');
        return (
          result.stop.length === 1 &&
          result.stop[0].clock === 'acknowledge' &&
          acknowledge.length === 1 &&
          acknowledge[0].ownerId === newOwner &&
          acknowledge[0].startedAt.getTime() === now.getTime() &&
          businessMsBetween(standard, now, acknowledge[0].dueAt) === policy.acknowledgeMinutes * MINUTE &&
          // First contact and resolve exist already: they move to the new owner, they do not start again.
          result.start.length === 1 &&
          result.reassign?.ownerId === newOwner &&
          result.reassign.milestoneIds.join() === [clocks[1].id, clocks[2].id].join() &&
          // The copied department's clock stays with the department.
          result.met.length === 0 &&
          result.clocksMoved
        );
      }),
    );
  });

  it('a rejection that leaves nobody responsible stops the acknowledge clock', () => {
    const clocks = openClocks();
    const result = plan(ticket({ status: 'dispatched' }), ticket({ status: 'rerouted', responsibleDealerId: null }), clocks, cst('2025-11-04T10:00'));
    expect(result.stop).toEqual([{ milestoneId: clocks[0].id, clock: 'acknowledge' }]);
    expect(result.start).toEqual([]);
    expect(result.summary.acknowledgeDueAt).toBeNull();
  });
});

describe('meeting clocks', () => {
  it('the first contact that reaches the customer meets the first-contact clock', () => {
    const clocks = openClocks();
    const result = plan(ticket(), ticket({ firstContactAt: cst('2025-11-04T10:00') }), clocks, cst('2025-11-04T10:00'));
    expect(result.met).toEqual([{ milestoneId: clocks[1].id, clock: 'first_contact' }]);
    expect(result.summary.firstContactDueAt).toBeNull();
  });

  it('acknowledging meets the acknowledge clock; resolving meets acknowledge and resolve and stops first contact; reopening starts a resolve clock', () => {
    const clocks = openClocks();
    expect(plan(ticket({ status: 'dispatched' }), ticket(), clocks, cst('2025-11-04T10:00')).met.map((met) => met.clock)).toEqual(['acknowledge']);
    const resolved = plan(ticket({ status: 'in_progress' }), ticket({ status: 'resolved' }), clocks, cst('2025-11-04T10:00'));
    expect(resolved.met.map((met) => met.clock)).toEqual(['acknowledge', 'resolve']);
    expect(resolved.stop.map((stopped) => stopped.clock)).toEqual(['first_contact']);
    const reopened = plan(ticket({ status: 'resolved' }), ticket({ status: 'reopened' }), [], cst('2025-11-04T10:00'));
    expect(reopened.start).toEqual([expect.objectContaining({ clock: 'resolve', startedAt: cst('2025-11-04T10:00'), dueAt: cst('2025-11-06T15:00') })]);
  });

  it('a department’s finding meets that department’s internal clock, and only that', () => {
    const clocks = [...openClocks(), clock('internal', { ownerId: 'dept-legal' })];
    const before = ticket({ ccDepartmentIds: ['dept-quality', 'dept-legal'] });
    expect(concernsSla(before, before, { findingByDepartmentId: 'dept-quality' })).toBe(true);
    const result = plan(before, before, clocks, cst('2025-11-04T10:00'), { findingByDepartmentId: 'dept-quality' });
    expect(result.met).toEqual([{ milestoneId: clocks[3].id, clock: 'internal' }]);
    expect(result.start).toEqual([]);
    expect(result.stop).toEqual([]);
    // Its timers must be taken down: the server writes sla.changed for it.
    expect(result.clocksMoved).toBe(true);
    // A second note finds the clock met: nothing moves.
    const again = plan(before, before, clocks.map((row, index) => (index === 3 ? { ...row, metAt: cst('2025-11-04T10:00') } : row)), cst('2025-11-04T11:00'), {
      findingByDepartmentId: 'dept-quality',
    });
    expect(again.met).toEqual([]);
    expect(again.clocksMoved).toBe(false);
  });

  it('a change that concerns no clock is not planned at all', () => {
    expect(concernsSla(ticket(), { ...ticket(), priority: 'P1' })).toBe(false);
    expect(concernsSla(ticket(), ticket({ status: 'in_progress' }))).toBe(true);
    expect(concernsSla(ticket(), ticket({ ccDepartmentIds: ['dept-quality'] }))).toBe(true);
  });
});

describe('waiting for the customer', () => {
  it('pausing takes every clock but the internal ones off their timers, and moves nothing yet', () => {
    const clocks = openClocks();
    const due = { acknowledgeDueAt: clocks[0].dueAt, firstContactDueAt: clocks[1].dueAt, resolveDueAt: clocks[2].dueAt };
    const result = plan(ticket({ status: 'in_progress', ...due }), ticket({ status: 'pending_customer', pausedAt: cst('2025-11-04T10:00'), ...due }), clocks, cst('2025-11-04T10:00'));
    expect(result.pause).toEqual(clocks.slice(0, 3).map((row) => row.id));
    expect(result.shift).toEqual([]);
    expect(result.summaryChanged).toBe(false);
    expect(result.clocksMoved).toBe(true);
  });

  it('resuming shifts the deadlines by the paused business time: a wait over the weekend costs Friday afternoon and Monday morning', () => {
    const clocks = openClocks();
    const result = plan(ticket({ status: 'pending_customer', pausedAt: cst('2025-11-07T16:00') }), ticket({ status: 'in_progress' }), clocks, cst('2025-11-10T10:00'));
    expect(result.shift.map((shift) => shift.byMs)).toEqual([210 * MINUTE, 210 * MINUTE, 210 * MINUTE]);
    // Due Wednesday 10:00, plus 3 h 30 of business time.
    expect(result.shift[0]).toMatchObject({ dueAt: cst('2025-11-05T13:30'), warnAt: cst('2025-11-05T12:30'), pausedSeconds: 210 * 60 });
    expect(result.resume).toEqual(clocks.slice(0, 3).map((row) => row.id));
    expect(result.summary.resolveDueAt).toEqual(cst('2025-11-05T13:30'));
  });

  it('property: resuming shifts every paused clock by exactly the paused business time; internal clocks do not move', () => {
    const instant = fc.integer({ min: cst('2025-01-01T00:00').getTime(), max: cst('2026-11-01T00:00').getTime() }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 * 24 * 60 }), instant, fc.integer({ min: 0, max: 3600 }), (pausedAt, waitMinutes, due, escalationMinutes) => {
        const now = new Date(pausedAt.getTime() + waitMinutes * MINUTE);
        const clocks = [
          clock('acknowledge', { dueAt: due, warnAt: new Date(due.getTime() - MINUTE), nextEscalationAt: new Date(due.getTime() + escalationMinutes * MINUTE), pausedSeconds: 60 }),
          clock('resolve', { dueAt: due, warnAt: null }),
          clock('internal', { dueAt: due }),
        ];
        const result = plan(ticket({ status: 'pending_customer', pausedAt }), ticket({ status: 'in_progress' }), clocks, now);
        const paused = businessMsBetween(standard, pausedAt, now);
        const byClock = new Map(result.shift.map((shift) => [shift.milestoneId, shift]));
        const moved = (from: Date, to: Date | null | undefined) => to !== null && to !== undefined && (paused === 0 ? to.getTime() >= from.getTime() : businessMsBetween(standard, from, to) === paused);
        const acknowledge = byClock.get(clocks[0].id);
        const resolve = byClock.get(clocks[1].id);
        return (
          result.shift.length === 2 &&
          !byClock.has(clocks[2].id) &&
          acknowledge !== undefined &&
          resolve !== undefined &&
          acknowledge.byMs === paused &&
          moved(clocks[0].dueAt, acknowledge.dueAt) &&
          moved(clocks[0].warnAt!, acknowledge.warnAt) &&
          moved(clocks[0].nextEscalationAt!, acknowledge.nextEscalationAt) &&
          resolve.warnAt === null &&
          acknowledge.pausedSeconds === 60 + Math.round(paused / 1000)
        );
      }),
      { numRuns: 200 },
    );
  });

  it('property: internal (department) clocks never pause, never shift, and show as running while the ticket waits', () => {
    const status = fc.constantFrom(...TICKET_STATUSES.filter((value) => value !== 'closed' && value !== 'cancelled'));
    fc.assert(
      fc.property(status, status, (from, to) => {
        const clocks = openClocks();
        const internal = clocks[3];
        const result = plan(ticket({ status: from, pausedAt: from === 'pending_customer' ? cst('2025-11-03T10:00') : null }), ticket({ status: to }), clocks, cst('2025-11-04T10:00'));
        const touched = [...result.pause, ...result.resume, ...result.shift.map((shift) => shift.milestoneId), ...result.stop.map((stopped) => stopped.milestoneId)];
        return !touched.includes(internal.id) && milestoneStateOf(internal, { status: to }, cst('2025-11-04T10:00')) === 'running';
      }),
    );
  });
});

describe('closing or cancelling', () => {
  it('property: stops every open clock, starts none, and leaves no due time on the ticket', () => {
    const kind = fc.constantFrom<MilestoneClock>('acknowledge', 'first_contact', 'resolve', 'internal');
    const row = fc.record({ kind, state: fc.constantFrom('open', 'met', 'cancelled') });
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 8 }),
        fc.constantFrom(...TICKET_STATUSES.filter((value) => value !== 'closed' && value !== 'cancelled')),
        fc.constantFrom('closed', 'cancelled'),
        fc.boolean(),
        (drawn, from, to, newCopy) => {
          const clocks = drawn.map((entry) =>
            clock(entry.kind, { metAt: entry.state === 'met' ? cst('2025-11-03T12:00') : null, cancelledAt: entry.state === 'cancelled' ? cst('2025-11-03T12:00') : null }),
          );
          const before = ticket({ status: from, pausedAt: from === 'pending_customer' ? cst('2025-11-03T10:00') : null });
          const after = ticket({ status: to, ccDepartmentIds: newCopy ? ['dept-new'] : [] });
          const result = plan(before, after, clocks, cst('2025-11-04T10:00'));
          const open = clocks.filter((entry) => entry.metAt === null && entry.cancelledAt === null).map((entry) => entry.id);
          const stopped = [...result.stop, ...result.met].map((entry) => entry.milestoneId);
          return (
            result.start.length === 0 &&
            open.every((id) => stopped.includes(id)) &&
            stopped.length === open.length &&
            result.summary.acknowledgeDueAt === null &&
            result.summary.firstContactDueAt === null &&
            result.summary.resolveDueAt === null
          );
        },
      ),
    );
  });
});

describe('the state users see', () => {
  it('paused while waiting, except internal clocks; breached and met win over paused', () => {
    const now = cst('2025-11-04T10:00');
    const waiting = { status: 'pending_customer' };
    expect(milestoneStateOf(clock('resolve'), waiting, now)).toBe('paused');
    expect(milestoneStateOf(clock('internal'), waiting, now)).toBe('running');
    expect(milestoneStateOf(clock('internal', { warnAt: cst('2025-11-04T09:00') }), waiting, now)).toBe('warning');
    expect(milestoneStateOf(clock('resolve', { dueAt: cst('2025-11-04T09:00') }), waiting, now)).toBe('breached');
    expect(milestoneStateOf(clock('resolve', { metAt: now }), waiting, now)).toBe('met');
    expect(milestoneStateOf(clock('resolve', { cancelledAt: now }), { status: 'closed' }, now)).toBe('cancelled');
    expect(milestoneStateOf(clock('resolve', { warnAt: cst('2025-11-04T09:00') }), { status: 'in_progress' }, now)).toBe('warning');
  });
});

describe('a roadside rescue’s clocks', () => {
  const roadsidePolicy: SlaPlanPolicy = { ...policy, id: 'policy-roadside', code: 'ROADSIDE', ticketType: 'roadside', ccInternalMinutes: null, rescueAcceptMinutes: 15, rescueArriveMinutes: 60 };
  const roadsideKept: GoverningPolicy = { policy: roadsidePolicy, source: 'kept' };
  const draft = ticket({ type: 'roadside', status: 'new', responsibleDealerId: null, slaPolicyId: null });
  // Saturday 23:50 in China: the standard calendar is closed, the rescue's clocks are not.
  const night = cst('2025-11-08T23:50');

  it('the request for help chooses the policy and starts the hotline’s acceptance clock, around the clock', () => {
    const facts: SlaChangeFacts = { rescue: 'requested' };
    expect(concernsSla(draft, draft, facts)).toBe(true);
    const governing = governingPolicy({ before: draft, after: draft, current: null, policies: [policy, roadsidePolicy], facts });
    expect(governing).toEqual({ policy: roadsidePolicy, source: 'type_priority' });
    const result = plan(draft, draft, [], night, facts, governing);
    expect(result.start).toEqual([
      { clock: 'rescue_accept', ownerType: 'hotline', ownerId: null, startedAt: night, dueAt: cst('2025-11-09T00:05'), warnAt: new Date(night.getTime() + 15 * 0.75 * MINUTE) },
    ]);
    // The ticket's own clocks wait for its dispatch.
    expect(result.summary).toMatchObject({ slaPolicyId: roadsidePolicy.id, acknowledgeDueAt: null, resolveDueAt: null });
  });

  it('without rescue targets in the policy, a request for help starts no clock', () => {
    const plain = { ...roadsidePolicy, rescueAcceptMinutes: null, rescueArriveMinutes: null };
    expect(plan(draft, draft, [], night, { rescue: 'requested' }, { policy: plain, source: 'type_priority' }).start).toEqual([]);
  });

  it('the provider’s acceptance (the dispatch to it) meets the acceptance clock and starts its arrival clock; a reroute carries the arrival clock on', () => {
    const searching = clock('rescue_accept', { ownerType: 'hotline', ownerId: null, startedAt: night });
    const before = { ...draft, slaPolicyId: roadsidePolicy.id };
    const accepted = { ...before, status: 'dispatched', responsibleDealerId: 'dealer-a' };
    const at = new Date(night.getTime() + 4 * MINUTE);
    const result = plan(before, accepted, [searching], at, {}, roadsideKept);
    expect(result.met).toEqual([{ milestoneId: searching.id, clock: 'rescue_accept' }]);
    const arrival = result.start.find((started) => started.clock === 'rescue_arrive');
    expect(arrival).toEqual({ clock: 'rescue_arrive', ownerType: 'dealer', ownerId: 'dealer-a', startedAt: at, dueAt: new Date(at.getTime() + 60 * MINUTE), warnAt: new Date(at.getTime() + 45 * MINUTE) });
    // Not carried to the provider: the acceptance clock was the hotline's, and it is met.
    expect(result.reassign?.milestoneIds ?? []).not.toContain(searching.id);

    const onTheWay = clock('rescue_arrive', { ownerId: 'dealer-a', startedAt: at });
    const rerouted = plan({ ...accepted, status: 'acknowledged' }, { ...accepted, status: 'dispatched', responsibleDealerId: 'dealer-b' }, [{ ...searching, metAt: at }, onTheWay], new Date(at.getTime() + 10 * MINUTE), {}, roadsideKept);
    expect(rerouted.start.map((started) => started.clock)).not.toContain('rescue_arrive');
    expect(rerouted.reassign).toMatchObject({ ownerType: 'dealer', ownerId: 'dealer-b' });
    expect(rerouted.reassign!.milestoneIds).toContain(onTheWay.id);
  });

  it('a complaint’s dispatch starts no rescue clock, whatever the policy says', () => {
    const complaint = ticket({ status: 'new', responsibleDealerId: null, slaPolicyId: null });
    const result = plan(complaint, { ...complaint, status: 'dispatched', responsibleDealerId: 'dealer-a' }, [], night, {}, { policy: roadsidePolicy, source: 'type_priority' });
    expect(result.start.map((started) => started.clock)).toEqual(['acknowledge', 'first_contact', 'resolve']);
  });

  it('arrival meets the arrival clock; a rescue called off stops it; resolving stops any rescue clock still open', () => {
    const holding = ticket({ type: 'roadside', status: 'acknowledged', slaPolicyId: roadsidePolicy.id });
    const arrive = () => clock('rescue_arrive', { startedAt: night });
    const first = arrive();
    expect(plan(holding, holding, [first], night, { rescue: 'arrived' }, roadsideKept).met).toEqual([{ milestoneId: first.id, clock: 'rescue_arrive' }]);
    const second = arrive();
    expect(plan(holding, holding, [second], night, { rescue: 'called_off' }, roadsideKept).stop).toEqual([{ milestoneId: second.id, clock: 'rescue_arrive' }]);
    const third = arrive();
    const resolved = plan(holding, { ...holding, status: 'resolved' }, [third, clock('resolve')], night, {}, roadsideKept);
    expect(resolved.stop).toContainEqual({ milestoneId: third.id, clock: 'rescue_arrive' });
  });

  it('property: the rescue clocks never pause while the ticket waits for the customer', () => {
    fc.assert(
      fc.property(fc.constantFrom<MilestoneClock>('rescue_accept', 'rescue_arrive'), (kind) => {
        const rescue = clock(kind, { ownerType: kind === 'rescue_accept' ? 'hotline' : 'dealer' });
        const holding = ticket({ type: 'roadside', status: 'acknowledged', slaPolicyId: roadsidePolicy.id });
        const waiting = plan(holding, { ...holding, status: 'pending_customer', pausedAt: night }, [rescue], night, {}, roadsideKept);
        const back = plan({ ...holding, status: 'pending_customer', pausedAt: night }, holding, [rescue], new Date(night.getTime() + 90 * MINUTE), {}, roadsideKept);
        return !waiting.pause.includes(rescue.id) && back.shift.length === 0 && milestoneStateOf(rescue, { status: 'pending_customer' }, night) !== 'paused';
      }),
    );
  });

  it('an edited rescue target recomputes the clock around the clock, whatever calendar is given', () => {
    const started = { clock: 'rescue_arrive' as const, startedAt: night, pausedSeconds: 0 };
    expect(recomputedDeadlines({ ...roadsidePolicy, rescueArriveMinutes: 30 }, started, standard)).toEqual({ dueAt: cst('2025-11-09T00:20'), warnAt: cst('2025-11-09T00:12:30') });
    expect(recomputedDeadlines({ ...roadsidePolicy, rescueArriveMinutes: null }, started, standard)).toBeNull();
  });
});

describe('an edited policy applied to open tickets', () => {
  it('recomputes a clock from its start with the new targets, its paused time kept', () => {
    const started = clock('acknowledge', { startedAt: cst('2025-11-04T17:00'), pausedSeconds: 30 * 60 });
    // 60 minutes of target and 30 paused: Tuesday's last hour and Wednesday's first half hour.
    expect(recomputedDeadlines(policy, { ...started, clock: 'acknowledge' }, standard)).toEqual({ dueAt: cst('2025-11-05T09:00'), warnAt: cst('2025-11-05T08:45') });
  });

  it('property: without a pause, the recomputed deadlines are those a clock starting then gets', () => {
    const instant = fc.integer({ min: cst('2025-01-01T00:00').getTime(), max: cst('2026-11-01T00:00').getTime() }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(instant, fc.constantFrom('acknowledge', 'first_contact', 'resolve'), (now, kind) => {
        const fresh = plan(ticket({ status: 'new', responsibleDealerId: null, slaPolicyId: null }), ticket({ status: 'dispatched', slaPolicyId: null }), [], now);
        const started = fresh.start.find((entry) => entry.clock === kind)!;
        const again = recomputedDeadlines(policy, { clock: kind, startedAt: now, pausedSeconds: 0 }, standard)!;
        return again.dueAt.getTime() === started.dueAt.getTime() && again.warnAt.getTime() === started.warnAt.getTime();
      }),
      { numRuns: 100 },
    );
  });
});
