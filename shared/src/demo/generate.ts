/**
 * Deterministic demo data: customers with vehicles, and ticket scenarios. The same seed always gives the same data,
 * so demo screens, tests and benchmarks are reproducible. Generating fewer customers gives a prefix of a longer run.
 */
import { lifecycleStageOf } from '../customers/lifecycle-stage';
import { completeVin } from '../customers/vin';
import { chinaDayOf, chinaMidnight } from '../sla/china-time';
import { TICKET_TYPES, type Channel, type Priority, type PurchaseTiming, type TicketStatus, type TicketType } from '../tickets/ticket-vocabulary';
import { NHTSA_SUMMARIES_BY_CATEGORY } from './nhtsa-summaries';
import { CITIES, DEALERS, type CategorySeed, type CitySeed, type DealerSeed } from './reference-data';

/** A seeded source of randomness; never `Math.random`, so every run is the same. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

/** mulberry32: tiny, fast, good enough for demo data, and identical on every platform. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)];
    },
    chance: (probability) => next() < probability,
  };
}

export type Powertrain = 'ice' | 'ev' | 'phev';

export interface VehicleSeed {
  vin: string;
  /** 沪A·12345; new-energy (green) plates have six characters after the dot: 沪A·D12345 (EV), 沪A·F12345 (PHEV). */
  plate: string;
  model: string;
  powertrain: Powertrain;
  /** ISO date. */
  purchaseDate: string;
  /** Purchase + 3 years (the 3 years / 100,000 km warranty, by date only). */
  warrantyEnd: string;
  /** Purchase + 8 years for the traction battery of EVs and PHEVs; null for combustion cars. */
  batteryWarrantyEnd: string | null;
  sellingDealerCode: string;
  servicingDealerCode: string;
  mileageKm: number;
}

export interface CustomerSeed {
  kind: 'person' | 'company';
  name: string;
  /** Normalized 11-digit mobile, unique across customers. */
  phone: string;
  email: string | null;
  province: string;
  city: string;
  vehicles: VehicleSeed[];
}

/** Where a lead came from (the lead categories' sources). */
export type LeadSource = 'hotline' | 'website' | 'auto_show' | 'referral' | 'app';

export interface TicketSpec {
  type: TicketType;
  channel: Channel;
  priority: Priority;
  categoryCode?: string;
  customerIndex: number;
  vehicleIndex?: number;
  contactName: string;
  contactPhone: string;
  subject: string;
  description: string;
  location?: { address: string; lat: number; lng: number };
  purchaseTiming?: PurchaseTiming;
  leadSource?: LeadSource;
  /** The model a lead asks about. */
  modelOfInterest?: string;
  createdAt: Date;
  targetStatus: TicketStatus;
  /** Where the demo dispatches it (the vehicle's servicing dealer, a sales dealer for leads), or a department. */
  dealerCode?: string;
  departmentCode?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Customers and vehicles

// Roughly by frequency: the first ten carry about 40 % of China's population, so they come up more often.
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '慕容'];
const GIVEN_CHARACTERS = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁婷雪琳晨欣怡佳瑶博文轩子涵梓睿思远志诚海峰建国晓东丹阳春梅'.split('');
const COMPANY_TRADE_NAMES = ['恒信', '顺达', '华通', '新纪元', '东方', '金鼎', '利丰', '通达', '启航', '宏远'];
const COMPANY_BUSINESSES = ['物流', '商贸', '建设', '科技', '运输', '汽车租赁', '餐饮管理', '电子', '医药', '环保'];
// Real mainland mobile prefixes of the three carriers (and the 19x / 17x / 166 ranges).
const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '175', '176', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '191', '198', '199'];
const EMAIL_DOMAINS = ['mail.example.cn', 'example.com.cn', 'inbox.example.cn'];

interface ModelSeed {
  name: string;
  powertrain: Powertrain;
  /** World manufacturer identifier: the first three VIN characters (L… = made in China). */
  wmi: string;
  /** VIN positions 4–7: the vehicle descriptor. */
  descriptor: string;
  /** First model year on sale. */
  since: number;
}

const MODELS: ModelSeed[] = [
  { name: '锐行 X3', powertrain: 'ice', wmi: 'LSV', descriptor: 'AX32', since: 2017 },
  { name: '锐行 X5', powertrain: 'ice', wmi: 'LSV', descriptor: 'AX52', since: 2017 },
  { name: '星途 L5', powertrain: 'ice', wmi: 'LFV', descriptor: 'BL51', since: 2017 },
  { name: '星途 L7 PHEV', powertrain: 'phev', wmi: 'LFV', descriptor: 'BL7P', since: 2020 },
  { name: '远航 S5 (EV)', powertrain: 'ev', wmi: 'LVS', descriptor: 'ES5E', since: 2019 },
  { name: '远航 S7 (EV)', powertrain: 'ev', wmi: 'LVS', descriptor: 'ES7E', since: 2021 },
  { name: '驰骋 M8 PHEV', powertrain: 'phev', wmi: 'LSV', descriptor: 'CM8P', since: 2022 },
];
// VIN position 10, the model year: 2017 = H … 2026 = T (I, O, Q, U, Z and 0 are never used there).
const MODEL_YEAR_LETTERS = 'HJKLMNPRST';
const FIRST_PURCHASE_YEAR = 2017;
// Demo vehicles are bought up to October 2026; mileage is counted to 1 November 2026.
const LAST_PURCHASE = { year: 2026, month: 9 };
const MILEAGE_AT = Date.UTC(2026, 10, 1);
// Licence plates never use I or O (too like 1 and 0).
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'.split('');

const DAY_MS = 86_400_000;
const pad = (value: number, width: number) => String(value).padStart(width, '0');
const isoDate = (date: Date) => date.toISOString().slice(0, 10);
const addYears = (date: Date, years: number) => new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()));

function personName(rng: Rng): string {
  const surname = rng.chance(0.01) ? rng.pick(COMPOUND_SURNAMES) : rng.chance(0.4) ? rng.pick(SURNAMES.slice(0, 10)) : rng.pick(SURNAMES);
  const given = rng.chance(0.7) ? rng.pick(GIVEN_CHARACTERS) + rng.pick(GIVEN_CHARACTERS) : rng.pick(GIVEN_CHARACTERS);
  return surname + given;
}

function cityOf(dealer: DealerSeed): CitySeed {
  const city = CITIES.find((item) => item.city === dealer.city);
  if (!city) throw new Error(`dealer ${dealer.code} is in ${dealer.city}, which is not a demo city`);
  return city;
}

/** A plate tail: five characters for combustion cars (at most two letters), D/F + five digits for new-energy cars. */
function plateTail(rng: Rng, powertrain: Powertrain): string {
  if (powertrain !== 'ice') return `${powertrain === 'ev' ? 'D' : 'F'}${pad(rng.int(0, 99_999), 5)}`;
  const characters = pad(rng.int(0, 99_999), 5).split('');
  const letters = rng.chance(0.45) ? rng.int(1, 2) : 0;
  for (let count = 0; count < letters; count += 1) characters[rng.int(0, 4)] = rng.pick(PLATE_LETTERS);
  return characters.join('');
}

/**
 * Customers of the dealers' cities (spread over the active sales dealers in turn, so `dealers[0]` has customers from
 * the first), each with one or two vehicles sold there and serviced by the same or another dealer of the city.
 * Phones, VINs and plates are unique; names pass `validateCustomerName`, mobiles `isValidMobile`, VINs `isValidVin`.
 * @throws Error when a dealer is in a city `CITIES` does not know, or no active dealer sells.
 */
export function generateCustomers(rng: Rng, count: number, dealers: DealerSeed[]): CustomerSeed[] {
  const sellingDealers = dealers.filter((dealer) => dealer.active && dealer.capabilities.includes('sales'));
  if (sellingDealers.length === 0) throw new Error('no active sales dealer to sell the demo vehicles');
  const phones = new Set<string>();
  const plates = new Set<string>();
  const vins = new Set<string>();
  let serial = 100_000;
  const customers: CustomerSeed[] = [];
  for (let index = 0; index < count; index += 1) {
    const sellingDealer = sellingDealers[index % sellingDealers.length];
    const city = cityOf(sellingDealer);
    const serviceDealers = dealers.filter((dealer) => dealer.city === city.city && dealer.active && dealer.capabilities.includes('service'));
    const company = rng.chance(0.05);
    let phone: string;
    do phone = rng.pick(MOBILE_PREFIXES) + pad(rng.int(0, 99_999_999), 8);
    while (phones.has(phone));
    phones.add(phone);

    const vehicles: VehicleSeed[] = [];
    const vehicleCount = company ? rng.int(1, 2) : rng.chance(0.15) ? 2 : 1;
    for (let vehicleIndex = 0; vehicleIndex < vehicleCount; vehicleIndex += 1) {
      const model = rng.pick(MODELS);
      const year = rng.int(Math.max(FIRST_PURCHASE_YEAR, model.since), LAST_PURCHASE.year);
      const purchase = new Date(Date.UTC(year, rng.int(0, year === LAST_PURCHASE.year ? LAST_PURCHASE.month : 11), rng.int(1, 28)));
      let vin: string;
      do {
        // Serial numbers rise through the run like a plant's; six digits, wrapping rather than overflowing.
        serial = (serial + rng.int(1, 40)) % 1_000_000;
        vin = completeVin(`${model.wmi}${model.descriptor}${rng.pick(['1', '2', '3'])}`, `${MODEL_YEAR_LETTERS[year - FIRST_PURCHASE_YEAR]}${rng.pick(['A', 'B', 'C', 'S'])}${pad(serial, 6)}`);
      } while (vins.has(vin));
      vins.add(vin);
      let plate: string;
      do plate = `${city.plate}·${plateTail(rng, model.powertrain)}`;
      while (plates.has(plate));
      plates.add(plate);
      // Most owners service where they bought; a quarter use another dealer of the city. Showrooms do not service.
      const servicingDealer =
        serviceDealers.length > 0 && (rng.chance(0.25) || !sellingDealer.capabilities.includes('service')) ? rng.pick(serviceDealers) : sellingDealer;
      const ageYears = Math.max(0, (MILEAGE_AT - purchase.getTime()) / (365.25 * DAY_MS));
      vehicles.push({
        vin,
        plate,
        model: model.name,
        powertrain: model.powertrain,
        purchaseDate: isoDate(purchase),
        warrantyEnd: isoDate(addYears(purchase, 3)),
        batteryWarrantyEnd: model.powertrain === 'ice' ? null : isoDate(addYears(purchase, 8)),
        sellingDealerCode: sellingDealer.code,
        servicingDealerCode: servicingDealer.code,
        mileageKm: Math.max(50, Math.round(ageYears * rng.int(8_000, 25_000))),
      });
    }
    const name = company ? `${city.city}${rng.pick(COMPANY_TRADE_NAMES)}${rng.pick(COMPANY_BUSINESSES)}有限公司` : personName(rng);
    customers.push({
      kind: company ? 'company' : 'person',
      name,
      phone,
      // Chinese users often use their mobile number as the mailbox name.
      email: rng.chance(0.4) ? `${phone}@${rng.pick(EMAIL_DOMAINS)}` : null,
      province: city.province,
      city: city.city,
      vehicles,
    });
  }
  return customers;
}

// ---------------------------------------------------------------------------------------------------------------
// Tickets

const TYPE_MIX: Array<[TicketType, number]> = [
  ['complaint', 0.35],
  ['enquiry', 0.25],
  ['roadside', 0.12],
  ['lead', 0.12],
  ['suggestion', 0.08],
  ['praise', 0.08],
];

// Repeats weigh a status. Enquiries are mostly answered on the call (new → resolved); only complaints and leads are
// rejected by a dealer (rerouted), and only complaints are reopened after an unhappy callback.
const STATUS_MIX: Record<TicketType, TicketStatus[]> = {
  complaint: ['new', 'dispatched', 'acknowledged', 'in_progress', 'in_progress', 'pending_customer', 'rerouted', 'resolved', 'reopened', 'reopened', 'closed', 'closed', 'cancelled'],
  enquiry: ['new', 'resolved', 'resolved', 'resolved', 'closed', 'closed', 'dispatched', 'cancelled'],
  roadside: ['new', 'dispatched', 'acknowledged', 'in_progress', 'resolved', 'closed', 'closed', 'cancelled'],
  lead: ['new', 'dispatched', 'acknowledged', 'in_progress', 'pending_customer', 'resolved', 'closed', 'rerouted'],
  suggestion: ['new', 'dispatched', 'acknowledged', 'resolved', 'closed'],
  praise: ['new', 'resolved', 'closed', 'closed'],
};

// Without a category default: what the hotline gives each type (the same as the API's defaults).
const TYPE_PRIORITY: Record<TicketType, Priority> = { enquiry: 'P4', complaint: 'P3', roadside: 'P2', suggestion: 'P4', praise: 'P4', lead: 'P3' };

const CHANNEL_MIX: Channel[] = ['phone', 'phone', 'phone', 'phone', 'phone', 'web', 'email', 'dealer', 'api'];
const LEAD_TIMINGS: PurchaseTiming[] = ['now', 'within_3_months', 'within_3_months', 'within_6_months', 'within_6_months', 'within_1_year'];
const TIMING_ZH: Record<PurchaseTiming, string> = { now: '近期', within_3_months: '三个月内', within_6_months: '半年内', within_1_year: '一年内' };
const LEAD_SOURCES: Record<string, { source: LeadSource; channel: Channel }> = {
  'C-LEAD-HOTLINE': { source: 'hotline', channel: 'phone' },
  'C-LEAD-WEBSITE': { source: 'website', channel: 'web' },
  'C-LEAD-AUTO-SHOW': { source: 'auto_show', channel: 'dealer' },
  'C-LEAD-REFERRAL': { source: 'referral', channel: 'phone' },
  'C-LEAD-APP': { source: 'app', channel: 'api' },
};

// Categories that only make sense for some powertrains: no engine complaints about an EV, no battery ones about petrol.
const NEW_ENERGY_ONLY = ['C-COMPLAINT-PRODUCT-TRACTION-BATTERY', 'C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE', 'C-ENQUIRY-CHARGING'];
const COMBUSTION_ONLY = ['C-COMPLAINT-PRODUCT-ENGINE', 'C-COMPLAINT-PRODUCT-TRANSMISSION'];
// The routing rule sends these to the selling dealer; the demo does the same.
const SELLING_DEALER_CATEGORIES = ['C-COMPLAINT-SERVICE-SALES-FRAUD', 'C-COMPLAINT-SERVICE-BROKEN-PROMISE'];

// Calls cluster in the working day (China time); roadside calls come around the clock.
const CALL_HOURS = [8, 9, 9, 10, 10, 10, 11, 11, 12, 13, 14, 14, 15, 15, 16, 16, 17, 18, 19, 20, 21];
// The seed plays a ticket's steps minutes to hours after creation: older tickets leave room for them before `now`.
const MINIMUM_AGE_MS: Record<TicketStatus, number> = {
  new: 10 * 60_000,
  dispatched: 3_600_000,
  acknowledged: 12 * 3_600_000,
  in_progress: 12 * 3_600_000,
  pending_customer: 12 * 3_600_000,
  rerouted: 12 * 3_600_000,
  resolved: 12 * 3_600_000,
  reopened: 24 * 3_600_000,
  closed: 24 * 3_600_000,
  cancelled: 3_600_000,
};

interface TextTemplates {
  subjects: string[];
  descriptions: string[];
}

/**
 * Subject and description templates by category code; a category without its own uses its parent's, then its type's.
 * Placeholders: {model} {category} {parent} {dealer} {city} {place} {mileage} {visits} {age} {timing} {energyOut}
 * {energySupply} {purchaseDate}.
 */
const TEXTS: Record<string, TextTemplates> = {
  // Enquiries
  'C-ENQUIRY': { subjects: ['咨询：{category}', '{model} {category}咨询'], descriptions: ['客户来电咨询{category}相关问题，已按知识库口径答复。'] },
  'C-ENQUIRY-PRODUCT-CONFIG': { subjects: ['{model} 配置咨询'], descriptions: ['客户询问{model}各配置版本的区别，想了解中配是否带座椅加热和360度全景影像。'] },
  'C-ENQUIRY-PRODUCT-FEATURE': { subjects: ['{model} 功能使用咨询'], descriptions: ['客户不会设置{model}的自适应巡航和手机蓝牙钥匙，询问操作方法。', '客户询问{model}车机如何连接手机导航和更新地图。'] },
  'C-ENQUIRY-PRODUCT-COMPARE': { subjects: ['车型对比咨询：{model}'], descriptions: ['客户在{model}和同级竞品之间犹豫，询问两者在空间、能耗和保值率上的差异。'] },
  'C-ENQUIRY-PRICE': { subjects: ['{model} 价格与优惠咨询'], descriptions: ['客户询问{model}本月在{city}的优惠政策、置换补贴和金融贴息。'] },
  'C-ENQUIRY-MAINTENANCE-INTERVAL': { subjects: ['保养周期咨询'], descriptions: ['客户车辆已行驶约{mileage}公里，询问下一次保养的时间和项目。'] },
  'C-ENQUIRY-MAINTENANCE-COST': { subjects: ['{model} 保养费用咨询'], descriptions: ['客户询问{model}常规保养和大保养的参考价格，以及工时费标准。'] },
  'C-ENQUIRY-WARRANTY': { subjects: ['质保政策咨询'], descriptions: ['客户车辆购于{purchaseDate}，询问目前是否仍在整车质保期内（三年或十万公里）以及质保范围。'] },
  'C-ENQUIRY-CHARGING-HOME': { subjects: ['家用充电桩安装咨询'], descriptions: ['客户询问家用充电桩的申请流程、小区物业需要的材料和安装费用。'] },
  'C-ENQUIRY-CHARGING-PUBLIC': { subjects: ['公共充电咨询'], descriptions: ['客户询问{city}公共充电站的分布，以及车主App是否支持扫码充电和开发票。'] },
  'C-ENQUIRY-FINANCE': { subjects: ['金融保险咨询'], descriptions: ['客户询问贷款购车的首付比例、利率，以及续保时的优惠。'] },
  'C-ENQUIRY-DEALER': { subjects: ['{city}经销商查询'], descriptions: ['客户询问{city}离家最近的授权服务站地址和营业时间，已告知{dealer}。'] },
  'C-ENQUIRY-RECALL': { subjects: ['召回查询：{model}'], descriptions: ['客户看到召回新闻，询问自己的{model}是否在召回范围内；已按VIN查询并告知结果。'] },
  'C-ENQUIRY-OTHER': { subjects: ['其他咨询'], descriptions: ['客户咨询车主俱乐部活动和积分兑换规则。'] },

  // Complaints about the product: {parent} is the system, {category} the symptom.
  'C-COMPLAINT-PRODUCT': {
    subjects: ['{model} {category}（{parent}）', '投诉：{model}{parent}{category}，多次维修未解决', '{parent}问题投诉：{category}'],
    descriptions: [
      '客户反映车辆（{model}，行驶约{mileage}公里）{parent}出现“{category}”问题，已到{dealer}检查{visits}次仍未解决，要求厂家给出书面处理方案。',
      '客户来电称近期车辆{category}，担心行车安全，情绪较为激动，要求尽快安排检测并答复。',
      '车辆购买{age}，近期出现“{category}”，客户认为属于质量问题，要求免费维修并延长该部件质保。',
    ],
  },
  // Complaints about a dealer's sales or service: {dealer} is the dealer concerned.
  'C-COMPLAINT-SERVICE': { subjects: ['投诉{dealer}：{category}', '{category}，要求经销商给出说法'], descriptions: ['客户投诉{dealer}：{category}，要求经销商给出说法。'] },
  'C-COMPLAINT-SERVICE-SALES-FRAUD-USED-AS-NEW': { subjects: ['投诉{dealer}：新车疑为展车/试驾车'], descriptions: ['客户提车后发现车辆有补漆痕迹，里程表已有三百多公里，怀疑{dealer}把试驾车当新车销售，要求退车。'] },
  'C-COMPLAINT-SERVICE-SALES-FRAUD-HIDDEN-FEES': { subjects: ['投诉{dealer}：购车捆绑收费'], descriptions: ['销售顾问在购车时强制收取“金融服务费”和“上牌服务费”共计八千元，且未开具发票，客户要求退还。'] },
  'C-COMPLAINT-SERVICE-BROKEN-PROMISE-DELIVERY': { subjects: ['投诉{dealer}：延迟交车'], descriptions: ['合同约定的交车日期已过去一个多月，销售顾问一直推脱，未给出明确的交车时间。'] },
  'C-COMPLAINT-SERVICE-BROKEN-PROMISE-GIFT': { subjects: ['投诉{dealer}：赠品未兑现'], descriptions: ['购车时承诺赠送的三次免费保养和全车贴膜至今未兑现，客户多次催问无果。'] },
  'C-COMPLAINT-SERVICE-ATTITUDE-RUDE': { subjects: ['投诉{dealer}：服务顾问态度恶劣'], descriptions: ['客户到{dealer}做保养时服务顾问态度恶劣、言语不耐烦，客户要求当面道歉。'] },
  'C-COMPLAINT-SERVICE-ATTITUDE-NO-RESPONSE': { subjects: ['投诉{dealer}：多次联系无人回应'], descriptions: ['客户多次致电{dealer}预约维修，均无人接听或答应回电后没有下文。'] },
  'C-COMPLAINT-SERVICE-CHARGES-OVERCHARGE': { subjects: ['投诉{dealer}：保养乱收费'], descriptions: ['常规保养被收取两千余元，明显高于厂家公布的保养价格，客户要求解释并退还差价。'] },
  'C-COMPLAINT-SERVICE-CHARGES-UNNEEDED': { subjects: ['投诉{dealer}：过度维修'], descriptions: ['{dealer}在未征得客户同意的情况下更换了刹车片和火花塞，客户认为属于过度维修，拒绝付款。'] },
  'C-COMPLAINT-SERVICE-SKILL-REPEAT': { subjects: ['同一故障返修{visits}次未修好'], descriptions: ['{model}同一故障已在{dealer}返修{visits}次仍未修好，客户质疑服务站技术水平，要求厂家派技术专家。'] },
  'C-COMPLAINT-SERVICE-SKILL-DAMAGE': { subjects: ['投诉{dealer}：维修造成车辆损坏'], descriptions: ['维修后客户发现前保险杠有新划痕、中控台有污渍，{dealer}不承认是维修造成。'] },
  'C-COMPLAINT-SERVICE-PARTS-SHORTAGE': { subjects: ['{model} 维修配件缺货'], descriptions: ['车辆维修所需配件缺货，已在{dealer}等待三周，服务站无法给出到货时间，客户无车可用，要求提供代步车。'] },
  'C-COMPLAINT-SERVICE-PARTS-NOT-GENUINE': { subjects: ['投诉{dealer}：疑似使用非原厂配件'], descriptions: ['客户怀疑{dealer}更换的机油滤清器不是原厂配件，要求出示配件来源和入库记录。'] },
  'C-COMPLAINT-OTHER': { subjects: ['其他投诉：{model}'], descriptions: ['客户对车辆使用中的问题表示不满，要求厂家回复；详情见通话录音。'] },

  // Roadside
  'C-ROADSIDE': { subjects: ['{category}：{place}', '{model} {category}，请求道路救援'], descriptions: ['客户车辆（{model}）{category}，位于{place}，请求救援。'] },
  'C-ROADSIDE-BREAKDOWN': { subjects: ['{model} 故障抛锚：{place}'], descriptions: ['车辆行驶中仪表报警后熄火，无法再次启动，停在{place}，请求拖车。'] },
  'C-ROADSIDE-ACCIDENT': { subjects: ['交通事故救援：{place}'], descriptions: ['客户在{place}与前车追尾，人员无大碍，车辆前部受损无法行驶，已报警，请求救援和拖车。'] },
  'C-ROADSIDE-FLAT-TYRE': { subjects: ['爆胎求助：{place}'], descriptions: ['车辆右前轮爆胎，停在{place}，客户无法自行更换备胎，请求现场换胎。'] },
  'C-ROADSIDE-BATTERY': { subjects: ['{model} 无法启动，请求搭电'], descriptions: ['车辆停放两天后无法启动，仪表无显示，疑似小电瓶亏电，位于{place}，请求搭电。'] },
  'C-ROADSIDE-LOCKOUT': { subjects: ['钥匙锁车内：{place}'], descriptions: ['客户钥匙锁在车内，车辆停在{place}，客户急需用车，请求开锁服务。'] },
  'C-ROADSIDE-FUEL': { subjects: ['{energyOut}，请求救援：{place}'], descriptions: ['车辆{energyOut}，停在{place}，请求送{energySupply}或拖至最近的补能点。'] },

  // Suggestions and praise
  'C-SUGGESTION': { subjects: ['关于{category}的建议'], descriptions: ['客户提出{category}方面的改进建议，详见通话记录。'] },
  'C-SUGGESTION-PRODUCT': { subjects: ['{model} 产品改进建议'], descriptions: ['客户建议{model}增加座椅通风功能，并把后排USB充电口改为Type-C。', '客户建议{model}的车机增加方言语音识别。'] },
  'C-SUGGESTION-SERVICE': { subjects: ['服务流程建议'], descriptions: ['客户建议服务站提供线上预约保养和上门取送车服务，减少到店等待时间。'] },
  'C-SUGGESTION-APP': { subjects: ['车主App功能建议'], descriptions: ['客户建议车主App增加保养记录查询和电子发票下载功能。'] },
  'C-PRAISE': { subjects: ['表扬：{category}'], descriptions: ['客户来电表扬，{category}。'] },
  'C-PRAISE-DEALER': { subjects: ['表扬{dealer}'], descriptions: ['客户表扬{dealer}：预约准时、车辆问题当天解决，服务顾问耐心专业。'] },
  'C-PRAISE-STAFF': { subjects: ['表扬{dealer}员工'], descriptions: ['客户特别表扬{dealer}的维修技师，一次就找到了困扰多时的异响原因。', '客户表扬救援师傅凌晨赶到现场，处理迅速、态度热情。'] },
  'C-PRAISE-PRODUCT': { subjects: ['{model} 车主满意反馈'], descriptions: ['客户表示{model}开了约{mileage}公里，质量可靠、能耗低，非常满意，已推荐给朋友。'] },

  // Leads: {model} is the model of interest.
  'C-LEAD': { subjects: ['{model} 购车意向（{timing}）'], descriptions: ['客户对{model}有购车意向，计划{timing}购车，请经销商跟进。'] },
  'C-LEAD-HOTLINE': { subjects: ['热线线索：{model}（{timing}购车）'], descriptions: ['客户来电咨询{model}，计划{timing}购车，希望安排到店试驾。'] },
  'C-LEAD-WEBSITE': { subjects: ['官网留资：{model}'], descriptions: ['客户在官网留资，意向车型{model}，计划{timing}购车，希望经销商联系报价。'] },
  'C-LEAD-AUTO-SHOW': { subjects: ['车展线索：{model}'], descriptions: ['客户在{city}车展现场登记，对{model}感兴趣，预算二十万左右，计划{timing}购车。'] },
  'C-LEAD-REFERRAL': { subjects: ['老客户推荐：{model}'], descriptions: ['老车主推荐朋友购车，意向车型{model}，计划{timing}购车，希望享受推荐礼。'] },
  'C-LEAD-APP': { subjects: ['App预约试驾：{model}'], descriptions: ['客户通过车主App预约试驾{model}，计划{timing}购车。'] },
};

const TYPE_TEXTS: Record<TicketType, TextTemplates> = {
  enquiry: TEXTS['C-ENQUIRY'],
  complaint: TEXTS['C-COMPLAINT-OTHER'],
  roadside: TEXTS['C-ROADSIDE'],
  suggestion: TEXTS['C-SUGGESTION'],
  praise: TEXTS['C-PRAISE'],
  lead: TEXTS['C-LEAD'],
};

// A handful of complaints quote what the customer wrote in English (a foreign owner, a mail to the brand).
const ENGLISH_SUMMARY_SHARE = 0.2;
const SAFETY_ESCALATION = '客户表示如不尽快解决，将向媒体和12315投诉。';
const ROADS = ['绕城高速', '机场高速', '环城快速路', '工业大道', '滨江路', '学府路'];

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => values[key] ?? '');
}

function pickType(rng: Rng): TicketType {
  let roll = rng.next();
  for (const [type, share] of TYPE_MIX) {
    roll -= share;
    if (roll < 0) return type;
  }
  return 'complaint';
}

/** This category and its ancestors, nearest first. */
function lineage(category: CategorySeed, byCode: Map<string, CategorySeed>): CategorySeed[] {
  const chain = [category];
  let parent = category.parentCode ? byCode.get(category.parentCode) : undefined;
  // The depth limit guards against a cycle in a hand-edited tree.
  while (parent && chain.length < 10) {
    chain.push(parent);
    parent = parent.parentCode ? byCode.get(parent.parentCode) : undefined;
  }
  return chain;
}

function fitsPowertrain(category: CategorySeed, powertrain: Powertrain): boolean {
  const within = (prefixes: string[]) => prefixes.some((prefix) => category.code === prefix || category.code.startsWith(`${prefix}-`));
  if (powertrain === 'ice') return !within(NEW_ENERGY_ONLY);
  if (powertrain === 'ev') return !within(COMBUSTION_ONLY);
  return true;
}

function nearestDealer(dealers: DealerSeed[], lat: number, lng: number): DealerSeed | undefined {
  // Equirectangular distance: plenty for ranking dealers within a region.
  const distance = (dealer: DealerSeed) => ((dealer.lat - lat) ** 2 + ((dealer.lng - lng) * Math.cos((lat * Math.PI) / 180)) ** 2);
  return dealers.reduce<DealerSeed | undefined>((best, dealer) => (best === undefined || distance(dealer) < distance(best) ? dealer : best), undefined);
}

function ageText(purchaseDate: string, at: Date): string {
  const months = Math.max(0, Math.floor((at.getTime() - Date.parse(purchaseDate)) / (30.44 * DAY_MS)));
  if (months < 1) return '不到一个月';
  if (months < 12) return `${months}个月`;
  return `${Math.floor(months / 12)}年多`;
}

// As agents write it: 8600 公里, 5.2万公里.
function mileageText(kilometres: number): string {
  return kilometres < 10_000 ? String(kilometres) : `${(kilometres / 10_000).toFixed(1)}万`;
}

function createdAtFor(rng: Rng, type: TicketType, status: TicketStatus, now: Date): Date {
  const todayMidnight = chinaMidnight(chinaDayOf(now)).getTime();
  const hour = type === 'roadside' && rng.chance(0.25) ? rng.int(0, 23) : rng.pick(CALL_HOURS);
  let at = todayMidnight - rng.int(0, 58) * DAY_MS + hour * 3_600_000 + rng.int(0, 3_599) * 1000;
  // Too recent for the steps the seed plays (or later than now): the same hour a day or two earlier.
  while (at > now.getTime() - MINIMUM_AGE_MS[status]) at -= DAY_MS;
  return new Date(at);
}

/**
 * Ticket scenarios over the 60 days before `now`, sorted by creation time. Types follow a hotline's mix (complaints
 * 35 %, enquiries 25 %, roadside and leads 12 % each, suggestions and praise 8 % each; the first six tickets are one
 * of each type), every type walks through its statuses before picking them at random, and every tenth ticket is about
 * a vehicle of `dealers[0]` so that the demo dealer login has a lively inbox.
 * @throws Error when there are no customers to call.
 */
export function generateTicketSpecs(rng: Rng, customers: CustomerSeed[], categories: CategorySeed[], count: number, now: Date, dealers: DealerSeed[] = DEALERS): TicketSpec[] {
  if (customers.length === 0) throw new Error('ticket specs need customers');
  const byCode = new Map(categories.map((category) => [category.code, category]));
  const parents = new Set(categories.map((category) => category.parentCode));
  const leavesByType = new Map<TicketType, CategorySeed[]>();
  for (const category of categories) {
    if (parents.has(category.code)) continue;
    leavesByType.set(category.ticketType, [...(leavesByType.get(category.ticketType) ?? []), category]);
  }
  const dealersByCode = new Map(dealers.map((dealer) => [dealer.code, dealer]));
  const activeDealers = dealers.filter((dealer) => dealer.active);
  const demoDealerCode = dealers[0]?.code;
  const demoDealerVehicles = customers.flatMap((customer, customerIndex) =>
    customer.vehicles.flatMap((vehicle, vehicleIndex) => (vehicle.servicingDealerCode === demoDealerCode ? [{ customerIndex, vehicleIndex }] : [])),
  );
  const seenByType = new Map<TicketType, number>();

  const specs: TicketSpec[] = [];
  for (let index = 0; index < count; index += 1) {
    const type = index < TICKET_TYPES.length ? TICKET_TYPES[index] : pickType(rng);
    const statuses = STATUS_MIX[type];
    const seen = seenByType.get(type) ?? 0;
    seenByType.set(type, seen + 1);
    // Each type walks all its statuses first, so that small demo sets still show every one.
    const targetStatus = seen < statuses.length ? statuses[seen] : rng.pick(statuses);

    const own = index % 10 === 0 && demoDealerVehicles.length > 0 ? rng.pick(demoDealerVehicles) : undefined;
    const customerIndex = own?.customerIndex ?? rng.int(0, customers.length - 1);
    const customer = customers[customerIndex];
    const vehicleIndex = own?.vehicleIndex ?? rng.int(0, customer.vehicles.length - 1);
    const vehicle = customer.vehicles[vehicleIndex];
    const city = CITIES.find((item) => item.city === customer.city);

    const leaves = leavesByType.get(type) ?? [];
    const fitting = vehicle ? leaves.filter((category) => type === 'lead' || fitsPowertrain(category, vehicle.powertrain)) : leaves;
    const category = fitting.length > 0 ? rng.pick(fitting) : leaves.length > 0 ? rng.pick(leaves) : undefined;
    const chain = category ? lineage(category, byCode) : [];
    const createdAt = createdAtFor(rng, type, targetStatus, now);

    // Who handles it: the servicing dealer, unless the kind of ticket says otherwise.
    let dealer = vehicle ? dealersByCode.get(vehicle.servicingDealerCode) : undefined;
    let location: TicketSpec['location'];
    if (type === 'roadside' && city) {
      const lat = Number((city.lat + (rng.next() - 0.5) * 0.2).toFixed(5));
      const lng = Number((city.lng + (rng.next() - 0.5) * 0.2).toFixed(5));
      const province = city.province === `${city.city}市` ? '' : city.province;
      const address = rng.chance(0.4)
        ? `${province}${city.city}市${rng.pick(city.districts)}${rng.pick(ROADS)}${rng.int(1, 300)}号附近`
        : `${city.city}${rng.pick(ROADS)} K${rng.int(1, 60)}+${rng.int(0, 9)}00 处`;
      location = { address, lat, lng };
      dealer = nearestDealer(activeDealers.filter((candidate) => candidate.capabilities.includes('rescue')), lat, lng) ?? dealer;
    }
    if (vehicle && chain.some((item) => SELLING_DEALER_CATEGORIES.includes(item.code))) dealer = dealersByCode.get(vehicle.sellingDealerCode) ?? dealer;
    let lead: Pick<TicketSpec, 'purchaseTiming' | 'leadSource' | 'modelOfInterest'> = {};
    if (type === 'lead') {
      const citySalesDealers = activeDealers.filter((candidate) => candidate.city === customer.city && candidate.capabilities.includes('sales'));
      dealer = citySalesDealers.length > 0 ? rng.pick(citySalesDealers) : (vehicle ? dealersByCode.get(vehicle.sellingDealerCode) : undefined);
      lead = { purchaseTiming: rng.pick(LEAD_TIMINGS), leadSource: category ? LEAD_SOURCES[category.code]?.source ?? 'hotline' : 'hotline', modelOfInterest: rng.pick(MODELS).name };
    }

    const values: Record<string, string> = {
      model: lead.modelOfInterest ?? vehicle?.model ?? '',
      category: category?.nameZh ?? '',
      parent: chain[1]?.nameZh ?? '',
      dealer: dealer?.nameZh ?? '经销商',
      city: customer.city,
      place: location?.address ?? customer.city,
      mileage: mileageText(vehicle?.mileageKm ?? 0),
      visits: String(rng.int(2, 4)),
      age: vehicle ? ageText(vehicle.purchaseDate, createdAt) : '',
      purchaseDate: vehicle?.purchaseDate ?? '',
      timing: lead.purchaseTiming ? TIMING_ZH[lead.purchaseTiming] : '',
      energyOut: vehicle?.powertrain === 'ev' ? '电量耗尽' : '燃油耗尽',
      energySupply: vehicle?.powertrain === 'ev' ? '电' : '油',
    };
    const texts = chain.map((item) => TEXTS[item.code]).find((templates) => templates !== undefined) ?? TYPE_TEXTS[type];
    let description = fill(rng.pick(texts.descriptions), values);
    let channel: Channel = type === 'roadside' ? 'phone' : category && LEAD_SOURCES[category.code] ? LEAD_SOURCES[category.code].channel : rng.pick(CHANNEL_MIX);
    let priority = category?.defaultPriority ?? TYPE_PRIORITY[type];
    if (type === 'complaint' && (priority === 'P1' || priority === 'P2') && rng.chance(0.3)) description += SAFETY_ESCALATION;
    // A complaint in the first three months of ownership (蜜月期) is worth more attention: the agent raises it.
    if (type === 'complaint' && priority === 'P3' && vehicle && lifecycleStageOf(vehicle.purchaseDate, createdAt) === 'honeymoon') priority = 'P2';
    const englishSummaries = chain.map((item) => NHTSA_SUMMARIES_BY_CATEGORY[item.code]).find((summaries) => summaries !== undefined);
    if (type === 'complaint' && englishSummaries && rng.chance(ENGLISH_SUMMARY_SHARE)) {
      description += `\n\n客户邮件原文 (customer's own words): ${rng.pick(englishSummaries)}`;
      channel = 'email';
    }

    const spec: TicketSpec = {
      type,
      channel,
      priority,
      categoryCode: category?.code,
      customerIndex,
      vehicleIndex: type === 'lead' ? undefined : vehicleIndex,
      contactName: customer.kind === 'company' ? personName(rng) : customer.name,
      contactPhone: customer.phone,
      subject: fill(rng.pick(texts.subjects), values),
      description,
      createdAt,
      targetStatus,
      dealerCode: dealer?.code,
      ...(location ? { location } : {}),
      ...lead,
    };
    if (type === 'enquiry' && targetStatus === 'resolved') {
      // Answered on the call: nobody else is involved.
      spec.dealerCode = undefined;
    } else if ((type === 'suggestion' || type === 'enquiry') && rng.chance(0.4)) {
      spec.dealerCode = undefined;
      spec.departmentCode = category?.ccDepartmentCodes[0] ?? (type === 'suggestion' ? 'DEPT-RND' : 'DEPT-SERVICE');
    }
    specs.push(spec);
  }
  // In time order, as the calls came in: ticket numbers and the audit chain then read naturally.
  return specs.sort((first, second) => first.createdAt.getTime() - second.createdAt.getTime());
}
