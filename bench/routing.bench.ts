/**
 * Routing decision time (ARCHITECTURE.md budget: ≤ 1 ms median with 500 rules and 100 dealers). Pure engine, no I/O:
 * a worst-ish case where the ticket passes every rule's cheap conditions but one text condition, so all rules are
 * evaluated and the last one searches all dealers for the nearest capable one.
 *
 *   npx tsx bench/routing.bench.ts
 */
import { createRng } from '../shared/src/demo/generate';
import { type RoutingDealer, type RoutingTicket, routeTicket } from '../shared/src/routing/route-ticket';
import type { RoutingRule, RoutingRuleSet } from '../shared/src/routing/routing-rules';

const rng = createRng(42);
const dealers: RoutingDealer[] = Array.from({ length: 100 }, (_unused, index) => ({
  id: `dealer-${index}`,
  code: `D-${String(index).padStart(3, '0')}`,
  regionId: `region-${index % 8}`,
  province: `province-${index % 14}`,
  city: `city-${index % 30}`,
  lat: 22 + rng.next() * 20,
  lng: 102 + rng.next() * 20,
  capabilities: index % 3 === 0 ? ['sales', 'service', 'rescue'] : ['sales', 'service'],
  rescue24h: index % 6 === 0,
  active: index % 17 !== 0,
  openTickets: rng.int(0, 80),
  openLeads: rng.int(0, 20),
  capacity: rng.int(20, 120),
  openNow: rng.chance(0.7),
  alwaysOpen: false,
}));

function ruleSet(size: number): RoutingRuleSet {
  const rules: RoutingRule[] = Array.from({ length: size - 1 }, (_unused, index) => ({
    id: `rule-${index}`,
    name: `rule ${index}`,
    enabled: true,
    conditions: [
      { field: 'type', op: 'in', value: ['complaint', 'enquiry'] },
      { field: 'category', op: 'within', value: ['C-COMPLAINT', `C-X-${index}`] },
      { field: 'province', op: 'notIn', value: [`nowhere-${index}`] },
      { field: 'text', op: 'containsAny', value: [`词语${index}`, `phrase ${index}`] },
    ],
    action: { kind: 'least_loaded', capability: 'service', within: 'region' },
    ccDepartmentIds: [],
  }));
  rules.push({ id: 'last', name: 'nearest', enabled: true, conditions: [], action: { kind: 'nearest_capable', capability: 'service', from: 'customer' }, ccDepartmentIds: ['dept'] });
  return { version: 1, rules };
}

const ticket: RoutingTicket = {
  type: 'complaint',
  priority: 'P3',
  categoryPath: ['C-COMPLAINT', 'C-COMPLAINT-PRODUCT', 'C-COMPLAINT-PRODUCT-ENGINE', 'C-COMPLAINT-PRODUCT-ENGINE-NOISE'],
  subject: '发动机异响，4S店多次维修未解决',
  description: '客户反映车辆冷启动时发动机舱有明显异响，已到店三次仍未解决，情绪激动，要求厂家介入。'.repeat(4),
  channel: 'phone',
  location: null,
  customer: { province: '上海市', city: '上海', regionId: 'region-1', lat: 31.23, lng: 121.47 },
  vehicle: { model: '锐行 X3', ageMonths: 20, inWarranty: true, sellingDealerId: 'dealer-3', servicingDealerId: 'dealer-4' },
  lifecycleStage: 'warranty',
  namedDealerId: null,
  purchaseTiming: null,
  excludedDealerIds: ['dealer-5'],
  excludedDepartmentIds: [],
  history: { vinComplaints90d: 1, customerTickets30d: 2 },
};

const environment = { dealers, signalDepartments: { quality: 'q', prLegal: 'p', rnd: 'r' } };

for (const size of [50, 500]) {
  const rules = ruleSet(size);
  for (let warm = 0; warm < 500; warm += 1) routeTicket(ticket, rules, environment);
  const samples: number[] = [];
  for (let run = 0; run < 5000; run += 1) {
    const started = process.hrtime.bigint();
    routeTicket(ticket, rules, environment);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.floor((p / 100) * (samples.length - 1))].toFixed(3);
  console.log(`${size} rules, ${dealers.length} dealers: median ${at(50)} ms, p99 ${at(99)} ms, max ${samples.at(-1)!.toFixed(3)} ms`);
}
