/**
 * The default rule set shipped with the demo data, written with codes (categories, departments) so it reads like
 * what an admin would configure; seeding turns department codes into ids. Order matters: first match wins.
 */
import type { RoutingAction, RoutingCondition } from '../routing/routing-rules';
import type { Priority } from '../tickets/ticket-vocabulary';

export interface DefaultRule {
  nameZh: string;
  nameEn: string;
  conditions: RoutingCondition[];
  /** `department` actions name a department code here. */
  action: RoutingAction | { kind: 'department'; departmentCode: string };
  ccDepartmentCodes: string[];
  priority?: { mode: 'set' | 'raise'; value: Priority };
}

export const DEFAULT_ROUTING_RULES: DefaultRule[] = [
  {
    nameZh: '道路救援：离事发地最近的救援站', nameEn: 'Roadside: nearest rescue dealer to the incident',
    conditions: [{ field: 'type', op: 'in', value: ['roadside'] }],
    action: { kind: 'nearest_capable', capability: 'rescue', from: 'incident' },
    ccDepartmentCodes: ['DEPT-SERVICE'],
  },
  {
    nameZh: '即时购车线索：同城在跟线索最少的销售店', nameEn: 'Buy-now leads: the city’s sales dealer with the fewest open leads',
    conditions: [
      { field: 'type', op: 'in', value: ['lead'] },
      { field: 'purchaseTiming', op: 'in', value: ['now'] },
    ],
    action: { kind: 'least_loaded', capability: 'sales', within: 'city', measure: 'open_leads' },
    ccDepartmentCodes: [],
    priority: { mode: 'raise', value: 'P2' },
  },
  {
    nameZh: '线索：原销售店', nameEn: 'Leads: the selling dealer',
    conditions: [{ field: 'type', op: 'in', value: ['lead'] }],
    action: { kind: 'selling_dealer' },
    ccDepartmentCodes: [],
  },
  {
    nameZh: '线索：大区内负载最低的销售店', nameEn: 'Leads: least-loaded sales dealer in the region',
    conditions: [{ field: 'type', op: 'in', value: ['lead'] }],
    action: { kind: 'least_loaded', capability: 'sales', within: 'region' },
    ccDepartmentCodes: [],
  },
  {
    nameZh: '销售欺诈与承诺未兑现：原销售店', nameEn: 'Sales fraud and broken promises: the selling dealer',
    conditions: [{ field: 'category', op: 'within', value: ['C-COMPLAINT-SERVICE-SALES-FRAUD', 'C-COMPLAINT-SERVICE-BROKEN-PROMISE'] }],
    action: { kind: 'selling_dealer' },
    ccDepartmentCodes: ['DEPT-SALES'],
  },
  {
    nameZh: '蜜月期投诉：提高优先级', nameEn: 'Honeymoon complaints: raise to P2',
    conditions: [
      { field: 'type', op: 'in', value: ['complaint'] },
      { field: 'lifecycleStage', op: 'in', value: ['honeymoon'] },
    ],
    action: { kind: 'servicing_dealer' },
    ccDepartmentCodes: ['DEPT-SERVICE'],
    priority: { mode: 'raise', value: 'P2' },
  },
  {
    nameZh: '产品建议：研发中心', nameEn: 'Product suggestions: R&D',
    conditions: [{ field: 'category', op: 'within', value: ['C-SUGGESTION-PRODUCT', 'C-SUGGESTION-APP'] }],
    action: { kind: 'department', departmentCode: 'DEPT-RND' },
    ccDepartmentCodes: [],
  },
  {
    nameZh: '服务建议：售后服务部', nameEn: 'Service suggestions: after-sales service',
    conditions: [{ field: 'type', op: 'in', value: ['suggestion'] }],
    action: { kind: 'department', departmentCode: 'DEPT-SERVICE' },
    ccDepartmentCodes: [],
  },
  {
    nameZh: '表扬：客户点名的经销商', nameEn: 'Praise: the dealer the customer names',
    conditions: [{ field: 'type', op: 'in', value: ['praise'] }],
    action: { kind: 'named_dealer' },
    ccDepartmentCodes: ['DEPT-CRM'],
  },
  {
    nameZh: '其余：车辆的服务店', nameEn: 'Everything else: the vehicle’s servicing dealer',
    conditions: [],
    action: { kind: 'servicing_dealer' },
    ccDepartmentCodes: [],
  },
  {
    nameZh: '服务店不可用：离客户最近的服务店', nameEn: 'Servicing dealer unavailable: nearest service dealer to the customer',
    conditions: [],
    action: { kind: 'nearest_capable', capability: 'service', from: 'customer' },
    ccDepartmentCodes: [],
  },
];
