/**
 * The routing engine: pure, deterministic, no I/O. Given a ticket's facts, the dealers and a published rule set, it
 * decides who is responsible, whom to copy, the priority and SLA policy — and records why, candidate by candidate,
 * so that "why here?" has an answer a person can read. The same inputs and rule-set version give the same decision.
 */
import type { LifecycleStage } from '../customers/lifecycle-stage';
import { PRIORITIES, type Channel, type DealerCapability, type Priority, type PurchaseTiming, type TicketType } from '../tickets/ticket-vocabulary';
import type { RoutingAction, RoutingCondition, RoutingRule, RoutingRuleSet } from './routing-rules';

export interface RoutingDealer {
  id: string;
  code: string;
  regionId: string;
  province: string;
  city: string;
  lat: number;
  lng: number;
  capabilities: readonly DealerCapability[];
  rescue24h: boolean;
  active: boolean;
  openTickets: number;
  /** Open lead tickets: buy-now leads go to the dealer with the fewest. */
  openLeads: number;
  capacity: number;
  /** Open at the ticket's time on its business calendar, holidays included (the caller computes it: business-hours.ts). */
  openNow: boolean;
  /** Its calendar is 24×7: a 24-hour provider, open around the clock. */
  alwaysOpen: boolean;
}

export interface RoutingTicket {
  type: TicketType;
  priority: Priority;
  /** Category codes from the root down to the ticket's category. */
  categoryPath: readonly string[];
  subject: string;
  description: string;
  channel: Channel;
  /** The incident's point (typed or geocoded); null when none was given or the address could not be placed. */
  location: { lat: number; lng: number } | null;
  customer: { province: string | null; city: string | null; regionId: string | null; lat: number | null; lng: number | null } | null;
  vehicle: { model: string; ageMonths: number | null; inWarranty: boolean; sellingDealerId: string | null; servicingDealerId: string | null } | null;
  lifecycleStage: LifecycleStage | null;
  namedDealerId: string | null;
  purchaseTiming: PurchaseTiming | null;
  excludedDealerIds: readonly string[];
  /** Departments that rejected the ticket: a rule naming one of them finds no candidate. */
  excludedDepartmentIds: readonly string[];
  history: { vinComplaints90d: number; customerTickets30d: number };
}

/** Departments the built-in signals copy. */
export interface SignalDepartments {
  quality: string;
  prLegal: string;
  rnd: string;
}

export interface RoutingEnvironment {
  dealers: readonly RoutingDealer[];
  signalDepartments: SignalDepartments;
}

export type CandidateVerdict = 'chosen' | 'inactive' | 'excluded' | 'lacks_capability' | 'closed_now' | 'unknown_dealer' | 'not_reached';

export interface RoutingCandidate {
  dealerId: string;
  dealerCode: string | null;
  verdict: CandidateVerdict;
  distanceKm: number | null;
  load: number | null;
  hasCapability: boolean;
  openNow: boolean | null;
  /** Open around the clock: a 24×7 calendar, or 24-hour rescue (shown as "24 小时" / "24 h"). */
  open24h: boolean | null;
}

export type RuleOutcome = 'disabled' | 'conditions_not_met' | 'no_eligible_candidate' | 'chosen';

export interface RuleTrace {
  ruleId: string;
  ruleName: string;
  /** The rule's name per language (traces stored before rules had them carry ruleName only). */
  ruleNameZh?: string;
  ruleNameEn?: string;
  outcome: RuleOutcome;
  /** The first condition that did not hold, when outcome is conditions_not_met. */
  failedCondition?: RoutingCondition;
  candidates?: RoutingCandidate[];
  /** "Nearest to the incident" without the incident's point: no distance could be measured, so no candidate. */
  distanceUnknown?: boolean;
}

export type RoutingSignal = { kind: 'safety_words'; words: string[] } | { kind: 'repeat_problem'; complaints90d: number };

export type RoutingTarget =
  | { kind: 'dealer'; dealerId: string }
  | { kind: 'department'; departmentId: string }
  | { kind: 'supervisor_queue'; reason: 'no_rule_matched' | 'no_eligible_candidate' | 'too_many_rejections' | 'no_provider_accepted' };

export interface RoutingDecision {
  ruleSetVersion: number;
  target: RoutingTarget;
  matchedRuleId: string | null;
  priority: Priority;
  ccDepartmentIds: string[];
  slaPolicyCode: string | null;
  flags: string[];
  signals: RoutingSignal[];
  trace: RuleTrace[];
}

/** Words that mean someone may get hurt: the ticket becomes P1 and quality and PR/legal are copied. */
export const SAFETY_WORDS = [
  '起火', '着火', '自燃', '冒烟', '烟雾', '爆炸', '刹车失灵', '制动失灵', '失控', '气囊未弹出', '安全气囊没弹', '方向失灵', '断电', '突然熄火',
  'fire', 'smoke', 'flames', 'brake failure', 'brakes failed', 'loss of control', 'airbag did not deploy', 'explosion',
];

/** ≥ this many complaints on one VIN in 90 days (this one included) is a repeat problem (三包 territory). */
export const REPEAT_COMPLAINTS = 3;

/** The capability a dealer needs to be responsible for a ticket of this type. */
export function requiredCapability(type: TicketType): DealerCapability {
  if (type === 'roadside') return 'rescue';
  if (type === 'lead') return 'sales';
  return 'service';
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const moreUrgent = (a: Priority, b: Priority): Priority => (PRIORITIES.indexOf(a) <= PRIORITIES.indexOf(b) ? a : b);

function textOf(ticket: RoutingTicket): string {
  return `${ticket.subject}\n${ticket.description}`.toLowerCase();
}

/**
 * Does one condition hold for the ticket? Unknown facts (no vehicle, no city) never match a positive condition.
 * `text` is the ticket's lower-cased subject and description, computed once per decision by routeTicket.
 */
export function conditionHolds(condition: RoutingCondition, ticket: RoutingTicket, text = textOf(ticket)): boolean {
  switch (condition.field) {
    case 'type':
      return condition.value.includes(ticket.type);
    case 'category':
      return ticket.categoryPath.some((code) => condition.value.includes(code));
    case 'priority':
      return condition.value.includes(ticket.priority);
    case 'text':
      return condition.value.some((word) => text.includes(word.toLowerCase()));
    case 'province':
    case 'city':
    case 'region':
    case 'model': {
      const fact =
        condition.field === 'model'
          ? (ticket.vehicle?.model ?? null)
          : condition.field === 'region'
            ? (ticket.customer?.regionId ?? null)
            : (ticket.customer?.[condition.field] ?? null);
      if (fact === null) return condition.op === 'notIn';
      return condition.op === 'in' ? condition.value.includes(fact) : !condition.value.includes(fact);
    }
    case 'vehicleAgeMonths':
    case 'vinComplaints90d':
    case 'customerTickets30d': {
      const fact =
        condition.field === 'vehicleAgeMonths' ? (ticket.vehicle?.ageMonths ?? null) : ticket.history[condition.field];
      if (fact === null) return false;
      return condition.op === 'gte' ? fact >= condition.value : fact <= condition.value;
    }
    case 'inWarranty':
      return ticket.vehicle !== null && ticket.vehicle.inWarranty === condition.value;
    case 'lifecycleStage':
      return ticket.lifecycleStage !== null && condition.value.includes(ticket.lifecycleStage);
    case 'channel':
      return condition.value.includes(ticket.channel);
    case 'purchaseTiming':
      return ticket.purchaseTiming !== null && condition.value.includes(ticket.purchaseTiming);
  }
}

function originOf(ticket: RoutingTicket, from: 'customer' | 'incident'): { lat: number; lng: number } | null {
  // The incident is where the car is, never the customer's home: without its point the distance is unknown.
  if (from === 'incident') return ticket.location;
  const customer = ticket.customer;
  if (customer?.lat != null && customer.lng != null) return { lat: customer.lat, lng: customer.lng };
  return from === 'customer' ? ticket.location : null;
}

const byCode = (a: RoutingDealer, b: RoutingDealer) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The dealers an action proposes, best first. Ties break on the dealer code, so the order is total. */
function proposedDealers(action: RoutingAction, ticket: RoutingTicket, dealers: readonly RoutingDealer[]): Array<{ id: string; dealer: RoutingDealer | null; distanceKm: number | null }> {
  const byId = (id: string | null | undefined) => (id ? [{ id, dealer: dealers.find((dealer) => dealer.id === id) ?? null, distanceKm: null }] : []);
  switch (action.kind) {
    case 'servicing_dealer':
      return byId(ticket.vehicle?.servicingDealerId);
    case 'selling_dealer':
      return byId(ticket.vehicle?.sellingDealerId);
    case 'named_dealer':
      return byId(ticket.namedDealerId);
    case 'fixed_dealer':
      return byId(action.dealerId);
    case 'nearest_capable': {
      const origin = originOf(ticket, action.from);
      if (!origin) return [];
      return dealers
        .filter((dealer) => dealer.capabilities.includes(action.capability))
        .map((dealer) => ({ id: dealer.id, dealer, distanceKm: distanceKm(origin, dealer) }))
        .sort((a, b) => a.distanceKm - b.distanceKm || byCode(a.dealer, b.dealer));
    }
    case 'least_loaded': {
      const customer = ticket.customer;
      const area = action.within === 'city' ? customer?.city : customer?.regionId;
      if (!area) return [];
      const origin = originOf(ticket, 'customer');
      const loadOf = (dealer: RoutingDealer) =>
        action.measure === 'open_leads' ? dealer.openLeads : dealer.openTickets / Math.max(1, dealer.capacity);
      return dealers
        .filter((dealer) => dealer.capabilities.includes(action.capability) && (action.within === 'city' ? dealer.city === area : dealer.regionId === area))
        .map((dealer) => ({ id: dealer.id, dealer, distanceKm: origin ? distanceKm(origin, dealer) : null }))
        .sort((a, b) => loadOf(a.dealer) - loadOf(b.dealer) || (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || byCode(a.dealer, b.dealer));
    }
    case 'department':
      return [];
  }
}

/** Someone must act now: roadside help and P1 tickets go only to a dealer open now or with 24-hour rescue. */
function needsSomeoneNow(ticket: RoutingTicket, priority: Priority): boolean {
  return ticket.type === 'roadside' || priority === 'P1';
}

const MAX_RECORDED_CANDIDATES = 8;

function evaluateCandidates(action: RoutingAction, ticket: RoutingTicket, priority: Priority, dealers: readonly RoutingDealer[]): { chosen: string | null; candidates: RoutingCandidate[] } {
  const capability = requiredCapability(ticket.type);
  const candidates: RoutingCandidate[] = [];
  let chosen: string | null = null;
  for (const proposal of proposedDealers(action, ticket, dealers)) {
    const dealer = proposal.dealer;
    const hasCapability = dealer?.capabilities.includes(capability) ?? false;
    let verdict: CandidateVerdict;
    if (chosen !== null) verdict = 'not_reached';
    else if (!dealer) verdict = 'unknown_dealer';
    else if (!dealer.active) verdict = 'inactive';
    else if (ticket.excludedDealerIds.includes(dealer.id)) verdict = 'excluded';
    else if (!hasCapability) verdict = 'lacks_capability';
    else if (needsSomeoneNow(ticket, priority) && !dealer.openNow && !dealer.rescue24h) verdict = 'closed_now';
    else verdict = 'chosen';
    if (verdict === 'chosen') chosen = proposal.id;
    if (candidates.length < MAX_RECORDED_CANDIDATES) {
      candidates.push({
        dealerId: proposal.id,
        dealerCode: dealer?.code ?? null,
        verdict,
        distanceKm: proposal.distanceKm === null ? null : Math.round(proposal.distanceKm * 10) / 10,
        load: dealer ? Math.round((dealer.openTickets / Math.max(1, dealer.capacity)) * 100) / 100 : null,
        hasCapability,
        openNow: dealer ? dealer.openNow || dealer.rescue24h : null,
        open24h: dealer ? dealer.alwaysOpen || dealer.rescue24h : null,
      });
    }
    if (chosen !== null && candidates.length >= 3) break;
  }
  return { chosen, candidates };
}

function detectSignals(ticket: RoutingTicket): RoutingSignal[] {
  const signals: RoutingSignal[] = [];
  const text = textOf(ticket);

  const words = SAFETY_WORDS.filter((word) => text.includes(word.toLowerCase()));
  if (words.length > 0) signals.push({ kind: 'safety_words', words });
  const complaints = ticket.history.vinComplaints90d + (ticket.type === 'complaint' ? 1 : 0);
  if (ticket.vehicle && complaints >= REPEAT_COMPLAINTS) signals.push({ kind: 'repeat_problem', complaints90d: complaints });
  return signals;
}

/**
 * Routes a ticket: built-in signals first (safety words, repeat problems), then the rules in order. A rule whose
 * conditions hold tries its action's candidates; the first eligible one wins; if none is eligible the next rule is
 * tried. When nothing fits, the ticket goes to the supervisor queue with the reason — never nowhere.
 */
export function routeTicket(ticket: RoutingTicket, ruleSet: RoutingRuleSet, environment: RoutingEnvironment): RoutingDecision {
  const signals = detectSignals(ticket);
  let priority = ticket.priority;
  const cc = new Set<string>();
  const flags: string[] = [];
  for (const signal of signals) {
    if (signal.kind === 'safety_words') {
      priority = 'P1';
      cc.add(environment.signalDepartments.quality);
      cc.add(environment.signalDepartments.prLegal);
      flags.push('safety');
    } else {
      cc.add(environment.signalDepartments.quality);
      cc.add(environment.signalDepartments.rnd);
      flags.push('repeat_problem');
    }
  }

  // Conditions see the priority after the signals (a safety case is P1 for every rule).
  const facts = { ...ticket, priority };
  const text = textOf(ticket);
  const trace: RuleTrace[] = [];
  for (const rule of ruleSet.rules) {
    const base = { ruleId: rule.id, ruleName: rule.name, ...(rule.nameZh !== undefined ? { ruleNameZh: rule.nameZh, ruleNameEn: rule.nameEn } : {}) };
    if (!rule.enabled) {
      trace.push({ ...base, outcome: 'disabled' });
      continue;
    }
    const failedCondition = rule.conditions.find((condition) => !conditionHolds(condition, facts, text));
    if (failedCondition) {
      trace.push({ ...base, outcome: 'conditions_not_met', failedCondition });
      continue;
    }
    const rulePriority = applyRulePriority(rule, priority);
    if (rule.action.kind === 'department') {
      if (ticket.excludedDepartmentIds.includes(rule.action.departmentId)) {
        trace.push({ ...base, outcome: 'no_eligible_candidate', candidates: [] });
        continue;
      }
      trace.push({ ...base, outcome: 'chosen' });
      return decide(ruleSet, { kind: 'department', departmentId: rule.action.departmentId }, rule, rulePriority, cc, flags, signals, trace);
    }
    const { chosen, candidates } = evaluateCandidates(rule.action, ticket, rulePriority, environment.dealers);
    const unmeasured = rule.action.kind === 'nearest_capable' && rule.action.from === 'incident' && ticket.location === null;
    if (unmeasured && !flags.includes('distance_unknown')) flags.push('distance_unknown');
    trace.push({ ...base, outcome: chosen ? 'chosen' : 'no_eligible_candidate', candidates, ...(unmeasured ? { distanceUnknown: true } : {}) });
    if (chosen) return decide(ruleSet, { kind: 'dealer', dealerId: chosen }, rule, rulePriority, cc, flags, signals, trace);
  }
  const anyMatched = trace.some((entry) => entry.outcome === 'no_eligible_candidate');
  return {
    ruleSetVersion: ruleSet.version,
    target: { kind: 'supervisor_queue', reason: anyMatched ? 'no_eligible_candidate' : 'no_rule_matched' },
    matchedRuleId: null,
    priority,
    ccDepartmentIds: [...cc].sort(),
    slaPolicyCode: null,
    flags,
    signals,
    trace,
  };
}

function applyRulePriority(rule: RoutingRule, priority: Priority): Priority {
  if (!rule.priority) return priority;
  // A safety P1 is never lowered by a rule that "sets" P3.
  return rule.priority.mode === 'raise' || priority === 'P1' ? moreUrgent(priority, rule.priority.value) : rule.priority.value;
}

function decide(
  ruleSet: RoutingRuleSet,
  target: RoutingTarget,
  rule: RoutingRule,
  priority: Priority,
  cc: Set<string>,
  flags: string[],
  signals: RoutingSignal[],
  trace: RuleTrace[],
): RoutingDecision {
  for (const id of rule.ccDepartmentIds) cc.add(id);
  if (target.kind === 'department') cc.delete(target.departmentId);
  return {
    ruleSetVersion: ruleSet.version,
    target,
    matchedRuleId: rule.id,
    priority,
    ccDepartmentIds: [...cc].sort(),
    slaPolicyCode: rule.slaPolicyCode ?? null,
    flags,
    signals,
    trace,
  };
}
