import fc from 'fast-check';
import { BusinessCalendar } from '../../shared/src/sla/business-calendar';
import type { EscalationLevel } from '../../shared/src/sla/escalation';
import { type MomentClock, type MomentTicket, planSlaMoment } from '../../shared/src/sla/sla-moments';

const always = new BusinessCalendar({ timeZone: 'Asia/Shanghai', weeklyHours: {}, holidays: [], workdays: [], alwaysOpen: true });
const MINUTE = 60_000;
const due = new Date('2025-11-04T02:00:00Z');
const at = (minutesAfterDue: number) => new Date(due.getTime() + minutesAfterDue * MINUTE);
const chain: EscalationLevel[] = [
  { level: 1, afterMinutes: 0, recipients: ['dealer_service_manager'], channels: ['mail', 'live'] },
  { level: 2, afterMinutes: 30, recipients: ['regional_manager'], channels: ['live'] },
  { level: 3, afterMinutes: 120, recipients: ['hq_crm_supervisor'], channels: ['mail'] },
];
const clock = (overrides: Partial<MomentClock> = {}): MomentClock => ({
  clock: 'resolve',
  dueAt: due,
  warnAt: at(-30),
  metAt: null,
  cancelledAt: null,
  warnedAt: null,
  breachedAt: null,
  escalationLevel: 0,
  nextEscalationAt: null,
  ...overrides,
});
const ticket = (overrides: Partial<MomentTicket> = {}): MomentTicket => ({ status: 'in_progress', slaState: 'ok', breachedClocks: [], escalationLevel: 0, ...overrides });
const plan = (kind: 'warning' | 'breach' | 'escalation', now: Date, overrides: { clock?: Partial<MomentClock>; ticket?: Partial<MomentTicket>; level?: number } = {}) =>
  planSlaMoment({ clock: clock(overrides.clock), ticket: ticket(overrides.ticket), kind, level: overrides.level, now, chain, calendar: always });

describe('warnings, breaches and escalations', () => {
  it('a warning is recorded once, when its moment has come, and sets the ticket to warning', () => {
    expect(plan('warning', at(-31)).outcome).toBe('not_due');
    expect(plan('warning', at(-30))).toMatchObject({ outcome: 'recorded', warned: true, clockChanges: { warnedAt: at(-30) }, ticket: { slaState: 'warning' } });
    expect(plan('warning', at(-10), { clock: { warnedAt: at(-30) } }).outcome).toBe('already');
    expect(plan('warning', at(10), { clock: { breachedAt: at(0) } }).outcome).toBe('already');
  });

  it('a met, cancelled or paused clock records nothing; an internal clock does not wait for the customer', () => {
    expect(plan('breach', at(1), { clock: { metAt: at(-5) } }).outcome).toBe('closed');
    expect(plan('breach', at(1), { clock: { cancelledAt: at(-5) } }).outcome).toBe('closed');
    expect(plan('breach', at(1), { ticket: { status: 'pending_customer' } }).outcome).toBe('not_due');
    expect(plan('breach', at(1), { clock: { clock: 'internal' }, ticket: { status: 'pending_customer' } }).outcome).toBe('recorded');
  });

  it('a breach escalates at once through the levels already due and sets the next one', () => {
    const breached = plan('breach', at(45), { ticket: { breachedClocks: ['acknowledge'] } });
    expect(breached).toMatchObject({
      outcome: 'recorded',
      breached: true,
      clockChanges: { breachedAt: at(45), warnedAt: at(45), escalationLevel: 2, nextEscalationAt: at(120) },
      ticket: { slaState: 'breached', breachedClocks: ['acknowledge', 'resolve'], escalationLevel: 2 },
    });
    expect(breached.outcome === 'recorded' && breached.escalations.map((level) => level.level)).toEqual([1, 2]);
    // The timer of level 3 fires: level 3 is due, nothing after it.
    const third = plan('escalation', at(120), { level: 3, clock: { breachedAt: at(45), escalationLevel: 2, nextEscalationAt: at(120) } });
    expect(third).toMatchObject({ outcome: 'recorded', breached: false, clockChanges: { escalationLevel: 3, nextEscalationAt: null } });
    expect(plan('escalation', at(130), { level: 3, clock: { breachedAt: at(45), escalationLevel: 3, nextEscalationAt: null } }).outcome).toBe('not_due');
  });

  it('an internal clock’s breach escalates to nobody and leaves the ticket’s state alone', () => {
    const internal = plan('breach', at(200), { clock: { clock: 'internal' }, ticket: { slaState: 'warning' } });
    expect(internal).toMatchObject({ outcome: 'recorded', breached: true, escalations: [], ticket: { slaState: 'warning', breachedClocks: [] } });
  });

  it('property: the levels reached are in order, all due, and the next one lies ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (minutes) => {
        const result = plan('breach', at(minutes));
        if (result.outcome !== 'recorded') return false;
        const levels = result.escalations.map((level) => level.level);
        const next = result.clockChanges.nextEscalationAt ?? null;
        return (
          levels.every((level, index) => level === index + 1) &&
          result.escalations.every((level) => level.afterMinutes <= minutes) &&
          (next === null ? levels.length === chain.length : next.getTime() > at(minutes).getTime()) &&
          result.clockChanges.escalationLevel === levels.length
        );
      }),
    );
  });
});
