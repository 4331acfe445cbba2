/**
 * Deterministic demo data: customers with vehicles, and ticket scenarios. The same seed always gives the same data,
 * so demo screens, tests and benchmarks are reproducible.
 */
import { completeVin } from '../customers/vin';
import type { Channel, Priority, PurchaseTiming, TicketStatus, TicketType } from '../tickets/ticket-vocabulary';
import { NHTSA_SUMMARIES } from './nhtsa-summaries';
import { CITIES, type CategorySeed, type DealerSeed } from './reference-data';

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: tiny, fast, good enough for demo data, and identical on every platform. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
  };
}

export interface VehicleSeed {
  vin: string;
  plate: string;
  model: string;
  powertrain: 'ice' | 'ev' | 'phev';
  purchaseDate: string;
  warrantyEnd: string;
  batteryWarrantyEnd: string | null;
  sellingDealerCode: string;
  servicingDealerCode: string;
  mileageKm: number;
}

export interface CustomerSeed {
  kind: 'person' | 'company';
  name: string;
  phone: string;
  email: string | null;
  province: string;
  city: string;
  vehicles: VehicleSeed[];
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁婷雪琳晨欣怡佳瑶博文轩子涵梓睿思远志诚海峰建国晓东丹阳春梅'.split('');
const COMPANY_WORDS = ['物流', '商贸', '建设', '科技', '运输', '租赁', '餐饮', '电子'];
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '176', '177', '180', '181', '185', '186', '187', '188', '189', '191', '198', '199'];

const MODELS: Array<{ name: string; powertrain: 'ice' | 'ev' | 'phev'; wmi: string; code: string }> = [
  { name: '锐行 X3', powertrain: 'ice', wmi: 'LSV', code: 'AX32' },
  { name: '锐行 X5', powertrain: 'ice', wmi: 'LSV', code: 'AX52' },
  { name: '星途 L5', powertrain: 'ice', wmi: 'LFV', code: 'BL51' },
  { name: '星途 L7', powertrain: 'phev', wmi: 'LFV', code: 'BL7P' },
  { name: '远航 S7 (EV)', powertrain: 'ev', wmi: 'LVS', code: 'ES7E' },
  { name: '远航 S5 (EV)', powertrain: 'ev', wmi: 'LVS', code: 'ES5E' },
  { name: '驰骋 M8', powertrain: 'phev', wmi: 'LSV', code: 'CM8P' },
];
// Model-year letters of the VIN's 10th position (2017 = H … 2026 = T; I, O, Q, U, Z are never used).
const MODEL_YEAR = 'HJKLMNPRST';
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

const pad = (value: number, width: number) => String(value).padStart(width, '0');
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const addYears = (date: Date, years: number) => new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()));

function personName(rng: Rng): string {
  const given = rng.chance(0.7) ? rng.pick(GIVEN) + rng.pick(GIVEN) : rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given;
}

/** Customers of the dealers' cities, each with one or two vehicles sold and serviced by dealers there. */
export function generateCustomers(rng: Rng, count: number, dealers: DealerSeed[]): CustomerSeed[] {
  const phones = new Set<string>();
  const plates = new Set<string>();
  let serial = 100000;
  const customers: CustomerSeed[] = [];
  const activeDealers = dealers.filter((dealer) => dealer.active && dealer.capabilities.includes('sales'));
  for (let index = 0; index < count; index += 1) {
    const sellingDealer = activeDealers[index % activeDealers.length];
    const city = CITIES.find((item) => item.city === sellingDealer.city)!;
    const cityDealers = dealers.filter((dealer) => dealer.city === city.city && dealer.active && dealer.capabilities.includes('service'));
    const company = rng.chance(0.05);
    let phone: string;
    do phone = rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
    while (phones.has(phone));
    phones.add(phone);
    const vehicles: VehicleSeed[] = [];
    const vehicleCount = company ? rng.int(1, 2) : rng.chance(0.15) ? 2 : 1;
    for (let vehicleIndex = 0; vehicleIndex < vehicleCount; vehicleIndex += 1) {
      const model = rng.pick(MODELS);
      const year = rng.int(2017, 2026);
      const purchase = new Date(Date.UTC(year, rng.int(0, year === 2026 ? 9 : 11), rng.int(1, 28)));
      serial += rng.int(1, 40);
      const vin = completeVin(`${model.wmi}${model.code}${rng.pick(['1', '2', '3'])}`, `${MODEL_YEAR[year - 2017]}${rng.pick(['A', 'B', 'C', 'S'])}${pad(serial, 6)}`);
      let plate: string;
      do {
        const tail = model.powertrain === 'ice' ? pad(rng.int(0, 99_999), 5).replace(/^(\d)/, (digit) => (rng.chance(0.4) ? rng.pick(PLATE_LETTERS.split('')) : digit)) : `${rng.pick(['D', 'F'])}${pad(rng.int(0, 99_999), 5)}`;
        plate = `${city.plate}·${tail}`;
      } while (plates.has(plate));
      plates.add(plate);
      const servicing = cityDealers.length > 0 && rng.chance(0.25) ? rng.pick(cityDealers) : sellingDealer;
      const ageYears = (Date.UTC(2026, 10, 1) - purchase.getTime()) / (365.25 * 86_400_000);
      vehicles.push({
        vin,
        plate,
        model: model.name,
        powertrain: model.powertrain,
        purchaseDate: isoDate(purchase),
        warrantyEnd: isoDate(addYears(purchase, 3)),
        batteryWarrantyEnd: model.powertrain === 'ice' ? null : isoDate(addYears(purchase, 8)),
        sellingDealerCode: sellingDealer.code,
        servicingDealerCode: servicing.capabilities.includes('service') ? servicing.code : (cityDealers[0]?.code ?? sellingDealer.code),
        mileageKm: Math.max(50, Math.round(ageYears * rng.int(8_000, 25_000))),
      });
    }
    const name = company ? `${city.city}${rng.pick(['恒信', '顺达', '华通', '新纪元', '东方', '金鼎'])}${rng.pick(COMPANY_WORDS)}有限公司` : personName(rng);
    customers.push({
      kind: company ? 'company' : 'person',
      name,
      phone,
      email: rng.chance(0.4) ? `${phone}@mail.example.cn` : null,
      province: city.province,
      city: city.city,
      vehicles,
    });
  }
  return customers;
}

export interface TicketSpec {
  type: TicketType;
  channel: Channel;
  priority?: Priority;
  categoryCode?: string;
  customerIndex: number;
  vehicleIndex?: number;
  contactName: string;
  contactPhone: string;
  subject: string;
  description: string;
  location?: { address: string; lat: number; lng: number };
  purchaseTiming?: PurchaseTiming;
  leadSource?: string;
  createdAt: Date;
  targetStatus: TicketStatus;
  /** Where the demo dispatches it (the vehicle's servicing dealer, a sales dealer for leads), or a department. */
  dealerCode?: string;
  departmentCode?: string;
}

const TYPE_MIX: Array<[TicketType, number]> = [
  ['complaint', 0.35],
  ['enquiry', 0.25],
  ['roadside', 0.12],
  ['lead', 0.12],
  ['suggestion', 0.08],
  ['praise', 0.08],
];

const STATUS_MIX: Record<TicketType, TicketStatus[]> = {
  complaint: ['new', 'dispatched', 'acknowledged', 'in_progress', 'in_progress', 'pending_customer', 'rerouted', 'resolved', 'reopened', 'closed', 'closed', 'cancelled'],
  enquiry: ['new', 'resolved', 'resolved', 'resolved', 'closed', 'closed', 'dispatched', 'cancelled'],
  roadside: ['new', 'dispatched', 'acknowledged', 'in_progress', 'resolved', 'closed', 'closed', 'cancelled'],
  lead: ['new', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'resolved', 'closed', 'rerouted'],
  suggestion: ['new', 'dispatched', 'acknowledged', 'resolved', 'closed'],
  praise: ['new', 'resolved', 'closed', 'closed'],
};

const SUBJECTS: Record<TicketType, string[]> = {
  enquiry: ['咨询{category}相关问题', '{model} {category}咨询', '来电询问{category}'],
  complaint: ['{model} {category}问题投诉', '{category}，多次到店未解决', '投诉：{category}'],
  roadside: ['{category}，请求道路救援', '{model} {category}，需要救援', '高速上{category}'],
  suggestion: ['关于{category}的建议', '建议改进{category}'],
  praise: ['{category}：服务热情周到', '感谢{category}'],
  lead: ['{model} 购车意向', '意向购买{model}，来源：{category}'],
};

const DESCRIPTIONS: Record<TicketType, string[]> = {
  enquiry: ['客户来电咨询{category}，车型{model}，希望了解详细信息。', '客户询问{category}的具体政策和流程。'],
  complaint: [
    '客户反映{model}出现{category}，已到{dealer}处理两次仍未解决，要求尽快给出方案。',
    '客户称车辆{category}，担心安全问题，情绪较为激动，要求厂家介入。',
    '购车后不久即出现{category}，客户要求检测并书面答复。',
  ],
  roadside: ['客户车辆{model}{category}，现停在路边，请求拖车或现场救援。', '客户报告{category}，车上有老人小孩，请尽快安排。'],
  suggestion: ['客户建议：{category}方面希望能够改进，例如增加提醒和说明。'],
  praise: ['客户表扬{dealer}的服务顾问，处理{category}时耐心专业。'],
  lead: ['客户对{model}感兴趣，希望到店试驾并了解价格。', '客户计划置换，想了解{model}的金融方案。'],
};

const LEAD_TIMINGS: PurchaseTiming[] = ['now', 'within_3_months', 'within_6_months', 'within_1_year'];
const CHANNEL_MIX: Channel[] = ['phone', 'phone', 'phone', 'phone', 'web', 'email', 'dealer', 'api'];

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => values[key] ?? '');
}

function pickType(rng: Rng): TicketType {
  let roll = rng.next();
  for (const [type, share] of TYPE_MIX) {
    if ((roll -= share) < 0) return type;
  }
  return 'complaint';
}

/** A customer whose vehicle the first customer's dealer services (customers are spread over dealers in turn). */
function pickOwnCustomer(rng: Rng, customers: CustomerSeed[], window: number): number {
  const dealerCode = customers[0].vehicles[0].servicingDealerCode;
  const own = customers
    .slice(0, window * 10)
    .map((customer, index) => ({ customer, index }))
    .filter(({ customer }) => customer.vehicles.some((vehicle) => vehicle.servicingDealerCode === dealerCode));
  return own.length > 0 ? rng.pick(own).index : 0;
}

/** Ticket scenarios over the 60 days before `now`, covering every type and every status. */
export function generateTicketSpecs(rng: Rng, customers: CustomerSeed[], categories: CategorySeed[], count: number, now: Date): TicketSpec[] {
  const parents = new Set(categories.map((category) => category.parentCode).filter(Boolean));
  const leavesByType = new Map<TicketType, CategorySeed[]>();
  for (const category of categories) {
    if (parents.has(category.code)) continue;
    leavesByType.set(category.ticketType, [...(leavesByType.get(category.ticketType) ?? []), category]);
  }
  const specs: TicketSpec[] = [];
  for (let index = 0; index < count; index += 1) {
    const type = pickType(rng);
    const statuses = STATUS_MIX[type];
    // The first tickets walk every status in turn so that small demo sets still show each one.
    const targetStatus = index < statuses.length * 2 ? statuses[index % statuses.length] : rng.pick(statuses);
    // Every tenth ticket belongs to a customer of the first dealer, so the demo dealer login has a lively inbox.
    const firstDealerCustomers = customers.length >= 100 ? 100 : customers.length;
    const customerIndex = index % 10 === 0 ? firstDealerCustomers > 0 ? pickOwnCustomer(rng, customers, firstDealerCustomers) : 0 : rng.int(0, customers.length - 1);
    const customer = customers[customerIndex];
    const vehicleIndex = rng.int(0, customer.vehicles.length - 1);
    const vehicle = customer.vehicles[vehicleIndex];
    const category = rng.pick(leavesByType.get(type)!);
    const values = { category: category.nameZh, model: vehicle.model, dealer: '经销商' };
    let description = fill(rng.pick(DESCRIPTIONS[type]), values);
    if (type === 'complaint' && rng.chance(0.15)) {
      description += `\n(原文 original, via dealer DMS) ${rng.pick(NHTSA_SUMMARIES).summary}`;
    }
    const city = CITIES.find((item) => item.city === customer.city)!;
    const spec: TicketSpec = {
      type,
      channel: type === 'roadside' ? 'phone' : rng.pick(CHANNEL_MIX),
      categoryCode: category.code,
      customerIndex,
      vehicleIndex: type === 'lead' ? undefined : vehicleIndex,
      contactName: customer.kind === 'company' ? personName(rng) : customer.name,
      contactPhone: customer.phone,
      subject: fill(rng.pick(SUBJECTS[type]), values),
      description,
      createdAt: new Date(now.getTime() - rng.int(10, 60 * 24 * 60) * 60_000),
      targetStatus,
      dealerCode: vehicle.servicingDealerCode,
    };
    if (type === 'roadside') {
      spec.location = {
        address: `${city.province === `${city.city}市` ? '' : city.province}${city.city}市${rng.pick(city.districts)}${rng.pick(['绕城高速', '环城路', '机场高速', '工业大道'])}${rng.int(1, 300)}号附近`,
        lat: Number((city.lat + (rng.next() - 0.5) * 0.2).toFixed(5)),
        lng: Number((city.lng + (rng.next() - 0.5) * 0.2).toFixed(5)),
      };
    }
    if (type === 'lead') {
      spec.purchaseTiming = rng.pick(LEAD_TIMINGS);
      spec.leadSource = category.nameEn;
      spec.dealerCode = vehicle.sellingDealerCode;
    }
    if (type === 'enquiry' && targetStatus === 'resolved') {
      // Answered on the call: nobody else is involved.
      spec.dealerCode = undefined;
    } else if ((type === 'suggestion' || type === 'enquiry') && rng.chance(0.4)) {
      spec.dealerCode = undefined;
      spec.departmentCode = category.ccDepartmentCodes[0] ?? (type === 'suggestion' ? 'DEPT-RND' : 'DEPT-SERVICE');
    }
    specs.push(spec);
  }
  return specs;
}
