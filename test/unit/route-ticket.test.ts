import fc from 'fast-check';
import { conditionHolds, distanceKm, type RoutingDealer, type RoutingEnvironment, type RoutingTicket, routeTicket } from '../../shared/src/routing/route-ticket';
import type { RoutingCondition, RoutingRule, RoutingRuleSet } from '../../shared/src/routing/routing-rules';
import { PRIORITIES, TICKET_TYPES } from '../../shared/src/tickets/ticket-vocabulary';

const SHANGHAI = { lat: 31.2304, lng: 121.4737 };
const dealer = (id: string, overrides: Partial<RoutingDealer> = {}): RoutingDealer => ({
  id, code: id.toUpperCase(), regionId: 'east', province: '上海市', city: '上海', lat: SHANGHAI.lat, lng: SHANGHAI.lng,
  capabilities: ['sales', 'service', 'rescue'], rescue24h: false, active: true, openTickets: 10, openLeads: 0, capacity: 50, openNow: true, alwaysOpen: false, ...overrides,
});

// Real distances: Pudong ~15 km east of People's Square, Minhang ~20 km south-west, Suzhou ~85 km west.
const DEALERS: RoutingDealer[] = [
  dealer('d-pudong', { lat: 31.2213, lng: 121.5447, openTickets: 40 }),
  dealer('d-minhang', { lat: 31.1128, lng: 121.3817, openTickets: 5 }),
  dealer('d-jiading', { lat: 31.3747, lng: 121.2653, capabilities: ['sales'], openTickets: 1 }),
  dealer('d-suzhou', { province: '江苏省', city: '苏州', lat: 31.2989, lng: 120.5853, openTickets: 0, rescue24h: true }),
  dealer('d-closed', { lat: 31.2304, lng: 121.4737, active: false }),
];
const ENV: RoutingEnvironment = { dealers: DEALERS, signalDepartments: { quality: 'dept-quality', prLegal: 'dept-pr', rnd: 'dept-rnd' } };

const ticket = (overrides: Partial<RoutingTicket> = {}): RoutingTicket => ({
  type: 'complaint', priority: 'P3', categoryPath: ['C-COMPLAINT', 'C-COMPLAINT-PRODUCT', 'C-COMPLAINT-PRODUCT-ENGINE'],
  subject: '发动机异响', description: '冷启动时有异响', channel: 'phone', location: null,
  customer: { province: '上海市', city: '上海', regionId: 'east', lat: SHANGHAI.lat, lng: SHANGHAI.lng },
  vehicle: { model: '锐行 X3', ageMonths: 14, inWarranty: true, sellingDealerId: 'd-jiading', servicingDealerId: 'd-pudong' },
  lifecycleStage: 'warranty', namedDealerId: null, purchaseTiming: null, excludedDealerIds: [], excludedDepartmentIds: [], history: { vinComplaints90d: 0, customerTickets30d: 0 },
  ...overrides,
});

const rule = (id: string, overrides: Partial<RoutingRule> = {}): RoutingRule => ({
  id, name: id, enabled: true, conditions: [], action: { kind: 'servicing_dealer' }, ccDepartmentIds: [], ...overrides,
});
const ruleSet = (...rules: RoutingRule[]): RoutingRuleSet => ({ version: 7, rules });

describe('conditions', () => {
  it.each<[string, RoutingCondition, Partial<RoutingTicket>, boolean]>([
    ['type in', { field: 'type', op: 'in', value: ['complaint', 'lead'] }, {}, true],
    ['type not in', { field: 'type', op: 'in', value: ['lead'] }, {}, false],
    ['category subtree', { field: 'category', op: 'within', value: ['C-COMPLAINT-PRODUCT'] }, {}, true],
    ['other subtree', { field: 'category', op: 'within', value: ['C-COMPLAINT-SERVICE'] }, {}, false],
    ['priority', { field: 'priority', op: 'in', value: ['P1', 'P2'] }, { priority: 'P2' }, true],
    ['Chinese phrase', { field: 'text', op: 'containsAny', value: ['异响'] }, {}, true],
    ['English word, any case', { field: 'text', op: 'containsAny', value: ['noise'] }, { description: 'Strange NOISE from engine' }, true],
    ['absent words', { field: 'text', op: 'containsAny', value: ['漏油'] }, {}, false],
    ['province in', { field: 'province', op: 'in', value: ['上海市'] }, {}, true],
    ['city not in', { field: 'city', op: 'notIn', value: ['北京'] }, {}, true],
    ['region in', { field: 'region', op: 'in', value: ['east'] }, {}, true],
    ['unknown city never matches "in"', { field: 'city', op: 'in', value: ['上海'] }, { customer: null }, false],
    ['model', { field: 'model', op: 'in', value: ['锐行 X3'] }, {}, true],
    ['vehicle age ≥', { field: 'vehicleAgeMonths', op: 'gte', value: 12 }, {}, true],
    ['vehicle age ≤', { field: 'vehicleAgeMonths', op: 'lte', value: 3 }, {}, false],
    ['no vehicle, no age', { field: 'vehicleAgeMonths', op: 'lte', value: 3 }, { vehicle: null }, false],
    ['in warranty', { field: 'inWarranty', op: 'eq', value: true }, {}, true],
    ['lifecycle stage', { field: 'lifecycleStage', op: 'in', value: ['honeymoon'] }, { lifecycleStage: 'honeymoon' }, true],
    ['channel', { field: 'channel', op: 'in', value: ['web'] }, {}, false],
    ['purchase timing', { field: 'purchaseTiming', op: 'in', value: ['now'] }, { type: 'lead', purchaseTiming: 'now' }, true],
    ['no purchase timing', { field: 'purchaseTiming', op: 'in', value: ['now'] }, {}, false],
    ['VIN history', { field: 'vinComplaints90d', op: 'gte', value: 2 }, { history: { vinComplaints90d: 2, customerTickets30d: 0 } }, true],
    ['customer history', { field: 'customerTickets30d', op: 'gte', value: 1 }, {}, false],
  ])('%s', (_name, condition, overrides, expected) => {
    expect(conditionHolds(condition, ticket(overrides))).toBe(expected);
  });
});

describe('actions', () => {
  const chosen = (rules: RoutingRule[], overrides: Partial<RoutingTicket> = {}) => routeTicket(ticket(overrides), ruleSet(...rules), ENV).target;

  it('servicing and selling dealer', () => {
    expect(chosen([rule('r', { action: { kind: 'servicing_dealer' } })])).toEqual({ kind: 'dealer', dealerId: 'd-pudong' });
    expect(chosen([rule('r', { action: { kind: 'selling_dealer' } })], { type: 'lead' })).toEqual({ kind: 'dealer', dealerId: 'd-jiading' });
  });

  it('named and fixed dealer', () => {
    expect(chosen([rule('r', { action: { kind: 'named_dealer' } })], { namedDealerId: 'd-minhang' })).toEqual({ kind: 'dealer', dealerId: 'd-minhang' });
    expect(chosen([rule('r', { action: { kind: 'fixed_dealer', dealerId: 'd-suzhou' } })])).toEqual({ kind: 'dealer', dealerId: 'd-suzhou' });
  });

  it('nearest capable dealer from the incident, with distances recorded', () => {
    const decision = routeTicket(
      ticket({ type: 'roadside', location: { lat: 31.12, lng: 121.38 } }),
      ruleSet(rule('r', { action: { kind: 'nearest_capable', capability: 'rescue', from: 'incident' } })),
      ENV,
    );
    expect(decision.target).toEqual({ kind: 'dealer', dealerId: 'd-minhang' });
    const candidates = decision.trace[0].candidates!;
    expect(candidates[0]).toMatchObject({ dealerId: 'd-minhang', verdict: 'chosen' });
    expect(candidates[0].distanceKm).toBeLessThan(2);
  });

  it('never measures "nearest to the incident" from the customer’s home: without the incident’s point the distance is unknown', () => {
    const decision = routeTicket(
      ticket({ type: 'roadside', location: null }),
      ruleSet(rule('r', { action: { kind: 'nearest_capable', capability: 'rescue', from: 'incident' } })),
      ENV,
    );
    expect(decision.target).toEqual({ kind: 'supervisor_queue', reason: 'no_eligible_candidate' });
    expect(decision.trace[0]).toMatchObject({ outcome: 'no_eligible_candidate', distanceUnknown: true, candidates: [] });
    expect(decision.flags).toContain('distance_unknown');
    // "From the customer" still means the customer.
    const fromCustomer = routeTicket(ticket({ location: null }), ruleSet(rule('r', { action: { kind: 'nearest_capable', capability: 'service', from: 'customer' } })), ENV);
    expect(fromCustomer.target.kind).toBe('dealer');
    expect(fromCustomer.flags).not.toContain('distance_unknown');
  });

  it('least-loaded capable dealer in the customer’s city', () => {
    expect(chosen([rule('r', { action: { kind: 'least_loaded', capability: 'service', within: 'city' } })])).toEqual({ kind: 'dealer', dealerId: 'd-minhang' });
    // By open leads instead of open tickets per capacity.
    const byLeads = routeTicket(
      ticket({ type: 'lead' }),
      ruleSet(rule('r', { action: { kind: 'least_loaded', capability: 'sales', within: 'city', measure: 'open_leads' } })),
      { ...ENV, dealers: DEALERS.map((item) => ({ ...item, openLeads: item.id === 'd-pudong' ? 0 : 5 })) },
    );
    expect(byLeads.target).toEqual({ kind: 'dealer', dealerId: 'd-pudong' });
    // Jiading has the least load but sells only: a lead may go there.
    expect(chosen([rule('r', { action: { kind: 'least_loaded', capability: 'sales', within: 'city' } })], { type: 'lead' })).toEqual({ kind: 'dealer', dealerId: 'd-jiading' });
  });

  it('department', () => {
    expect(chosen([rule('r', { action: { kind: 'department', departmentId: 'dept-sales' } })])).toEqual({ kind: 'department', departmentId: 'dept-sales' });
  });

  it('copies departments, sets or raises the priority, picks the SLA policy', () => {
    const decision = routeTicket(ticket(), ruleSet(rule('r', { ccDepartmentIds: ['dept-tech'], priority: { mode: 'raise', value: 'P2' }, slaPolicyCode: 'COMPLAINT-FAST' })), ENV);
    expect(decision).toMatchObject({ ccDepartmentIds: ['dept-tech'], priority: 'P2', slaPolicyCode: 'COMPLAINT-FAST', matchedRuleId: 'r', ruleSetVersion: 7 });
    expect(routeTicket(ticket({ priority: 'P1' }), ruleSet(rule('r', { priority: { mode: 'raise', value: 'P3' } })), ENV).priority).toBe('P1');
    expect(routeTicket(ticket({ priority: 'P2' }), ruleSet(rule('r', { priority: { mode: 'set', value: 'P4' } })), ENV).priority).toBe('P4');
  });
});

describe('fallbacks', () => {
  it('skips an inactive, excluded, incapable or closed dealer for the next candidate, then the next rule', () => {
    const decision = routeTicket(
      ticket({ vehicle: { model: 'x', ageMonths: 1, inWarranty: true, sellingDealerId: 'd-closed', servicingDealerId: 'd-jiading' } }),
      ruleSet(
        rule('servicing', { action: { kind: 'servicing_dealer' } }),
        rule('selling', { action: { kind: 'selling_dealer' } }),
        rule('nearest', { action: { kind: 'nearest_capable', capability: 'service', from: 'customer' } }),
      ),
      { ...ENV, dealers: DEALERS },
    );
    expect(decision.trace.map((entry) => [entry.ruleId, entry.outcome])).toEqual([
      ['servicing', 'no_eligible_candidate'],
      ['selling', 'no_eligible_candidate'],
      ['nearest', 'chosen'],
    ]);
    expect(decision.trace[0].candidates![0].verdict).toBe('lacks_capability');
    expect(decision.trace[1].candidates![0].verdict).toBe('inactive');
    expect(decision.target).toEqual({ kind: 'dealer', dealerId: 'd-pudong' });
  });

  it('never returns a dealer that rejected the ticket', () => {
    const decision = routeTicket(ticket({ excludedDealerIds: ['d-pudong'] }), ruleSet(rule('r', { action: { kind: 'nearest_capable', capability: 'service', from: 'customer' } })), ENV);
    expect(decision.trace[0].candidates!.find((candidate) => candidate.dealerId === 'd-pudong')?.verdict).toBe('excluded');
    expect(decision.target).toEqual({ kind: 'dealer', dealerId: 'd-minhang' });
  });

  it('sends roadside only to a dealer open now or with 24-hour rescue', () => {
    const night = DEALERS.map((item) => ({ ...item, openNow: false }));
    const decision = routeTicket(
      ticket({ type: 'roadside', location: SHANGHAI }),
      ruleSet(rule('r', { action: { kind: 'nearest_capable', capability: 'rescue', from: 'incident' } })),
      { ...ENV, dealers: night },
    );
    expect(decision.target).toEqual({ kind: 'dealer', dealerId: 'd-suzhou' });
    expect(decision.trace[0].candidates!.filter((candidate) => candidate.verdict === 'closed_now').length).toBeGreaterThan(0);
  });

  it('marks a candidate on a 24×7 calendar as open around the clock in the explanation', () => {
    const night = DEALERS.map((item) => ({ ...item, openNow: false, rescue24h: false }));
    const withProvider = [...night, dealer('d-24h', { lat: 31.4, lng: 121.6, openNow: true, alwaysOpen: true })];
    const decision = routeTicket(
      ticket({ type: 'roadside', location: SHANGHAI }),
      ruleSet(rule('r', { action: { kind: 'nearest_capable', capability: 'rescue', from: 'incident' } })),
      { ...ENV, dealers: withProvider },
    );
    expect(decision.target).toEqual({ kind: 'dealer', dealerId: 'd-24h' });
    const candidates = decision.trace[0].candidates!;
    expect(candidates.find((candidate) => candidate.dealerId === 'd-24h')).toMatchObject({ verdict: 'chosen', openNow: true, open24h: true });
    expect(candidates.find((candidate) => candidate.dealerId === 'd-pudong')).toMatchObject({ verdict: 'closed_now', openNow: false, open24h: false });
  });

  it('does not send a ticket back to a department that rejected it: the next rule decides', () => {
    const rules = ruleSet(rule('to-sales', { action: { kind: 'department', departmentId: 'dept-sales' } }), rule('fallback'));
    expect(routeTicket(ticket(), rules, ENV).target).toEqual({ kind: 'department', departmentId: 'dept-sales' });
    const rerouted = routeTicket(ticket({ excludedDepartmentIds: ['dept-sales'] }), rules, ENV);
    expect(rerouted.target).toEqual({ kind: 'dealer', dealerId: 'd-pudong' });
    expect(rerouted.trace[0]).toMatchObject({ ruleId: 'to-sales', outcome: 'no_eligible_candidate' });
  });

  it('puts the ticket in the supervisor queue with the reason when nothing fits', () => {
    expect(routeTicket(ticket(), ruleSet(rule('r', { conditions: [{ field: 'type', op: 'in', value: ['lead'] }] })), ENV).target).toEqual({
      kind: 'supervisor_queue', reason: 'no_rule_matched',
    });
    expect(routeTicket(ticket({ excludedDealerIds: ['d-pudong'] }), ruleSet(rule('r')), ENV).target).toEqual({
      kind: 'supervisor_queue', reason: 'no_eligible_candidate',
    });
    expect(routeTicket(ticket(), ruleSet(rule('r', { enabled: false })), ENV).trace[0].outcome).toBe('disabled');
  });
});

describe('built-in signals', () => {
  it.each(['车辆行驶中突然冒烟', '仪表台起火了', 'brake failure on the highway', '事故时气囊未弹出'])('"%s" is a safety case: P1, quality and PR/legal copied', (description) => {
    const decision = routeTicket(ticket({ description }), ruleSet(rule('r')), ENV);
    expect(decision.priority).toBe('P1');
    expect(decision.ccDepartmentIds).toEqual(expect.arrayContaining(['dept-quality', 'dept-pr']));
    expect(decision.flags).toContain('safety');
  });

  it('three complaints on one VIN in 90 days copy quality and R&D and flag the ticket', () => {
    const decision = routeTicket(ticket({ history: { vinComplaints90d: 2, customerTickets30d: 2 } }), ruleSet(rule('r')), ENV);
    expect(decision.flags).toContain('repeat_problem');
    expect(decision.ccDepartmentIds).toEqual(expect.arrayContaining(['dept-quality', 'dept-rnd']));
    expect(routeTicket(ticket({ history: { vinComplaints90d: 1, customerTickets30d: 0 } }), ruleSet(rule('r')), ENV).flags).toEqual([]);
  });
});

describe('properties', () => {
  const dealerArbitrary = fc.record({
    id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
    lat: fc.double({ min: 20, max: 45, noNaN: true }),
    lng: fc.double({ min: 100, max: 125, noNaN: true }),
    capabilities: fc.subarray(['sales', 'service', 'rescue'] as const),
    active: fc.boolean(),
    openNow: fc.boolean(),
    rescue24h: fc.boolean(),
    openTickets: fc.nat({ max: 100 }),
    city: fc.constantFrom('上海', '苏州'),
  }).map((fields) => dealer(fields.id, { ...fields, capabilities: fields.capabilities }));
  const dealersArbitrary = fc.uniqueArray(dealerArbitrary, { selector: (item) => item.id, maxLength: 6 });
  const actionArbitrary = fc.constantFrom<RoutingRule['action']>(
    { kind: 'servicing_dealer' }, { kind: 'selling_dealer' }, { kind: 'named_dealer' }, { kind: 'fixed_dealer', dealerId: 'c' },
    { kind: 'nearest_capable', capability: 'service', from: 'customer' }, { kind: 'nearest_capable', capability: 'rescue', from: 'incident' },
    { kind: 'least_loaded', capability: 'sales', within: 'city' }, { kind: 'department', departmentId: 'dept-sales' },
  );
  const ticketArbitrary = fc.record({
    type: fc.constantFrom(...TICKET_TYPES),
    priority: fc.constantFrom(...PRIORITIES),
    excluded: fc.subarray(['a', 'b', 'c', 'd', 'e', 'f']),
    named: fc.option(fc.constantFrom('a', 'b', 'zz')),
    selling: fc.constantFrom('a', 'b', 'c', 'missing'),
    servicing: fc.constantFrom('d', 'e', 'f', 'missing'),
    location: fc.option(fc.record({ lat: fc.double({ min: 20, max: 45, noNaN: true }), lng: fc.double({ min: 100, max: 125, noNaN: true }) })),
  }).map((fields) =>
    ticket({
      type: fields.type, priority: fields.priority, excludedDealerIds: fields.excluded, namedDealerId: fields.named, location: fields.location,
      vehicle: { model: 'x', ageMonths: 5, inWarranty: true, sellingDealerId: fields.selling, servicingDealerId: fields.servicing },
    }),
  );

  it('routes to exactly one eligible party or the supervisor queue with a reason, deterministically', () => {
    fc.assert(
      fc.property(dealersArbitrary, fc.array(actionArbitrary, { maxLength: 4 }), ticketArbitrary, (dealers, actions, routed) => {
        const rules = ruleSet(...actions.map((action, index) => rule(`r${index}`, { action })));
        const environment = { ...ENV, dealers };
        const decision = routeTicket(routed, rules, environment);
        expect(routeTicket(routed, rules, environment)).toEqual(decision);
        if (decision.target.kind === 'supervisor_queue') {
          expect(['no_rule_matched', 'no_eligible_candidate']).toContain(decision.target.reason);
          expect(decision.matchedRuleId).toBeNull();
          return;
        }
        expect(decision.matchedRuleId).not.toBeNull();
        if (decision.target.kind === 'dealer') {
          const chosen = dealers.find((item) => item.id === (decision.target as { dealerId: string }).dealerId)!;
          expect(chosen).toBeDefined();
          expect(chosen.active).toBe(true);
          expect(routed.excludedDealerIds).not.toContain(chosen.id);
          const needsNow = routed.type === 'roadside' || decision.priority === 'P1';
          if (needsNow) expect(chosen.openNow || chosen.rescue24h).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('distances are symmetric and zero to oneself', () => {
    const point = fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lng: fc.double({ min: -179, max: 179, noNaN: true }) });
    fc.assert(
      fc.property(point, point, (a, b) => {
        expect(distanceKm(a, b)).toBeCloseTo(distanceKm(b, a), 6);
        expect(distanceKm(a, a)).toBe(0);
      }),
    );
    expect(distanceKm({ lat: 31.2304, lng: 121.4737 }, { lat: 39.9042, lng: 116.4074 })).toBeGreaterThan(1050);
    expect(distanceKm({ lat: 31.2304, lng: 121.4737 }, { lat: 39.9042, lng: 116.4074 })).toBeLessThan(1100);
  });
});
