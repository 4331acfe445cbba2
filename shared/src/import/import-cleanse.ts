/**
 * Cleansing of one mapped row (target field → cell text, see `applyMapping`) into a clean record or the list of
 * everything wrong with it. Every problem of the row is reported, not only the first, so the dealer fixes a rejected
 * row in one go. Pure: `today` is an argument.
 *
 * Every cell is NFKC-folded (全角 letters and digits → ASCII), trimmed and its inner whitespace collapsed; an empty
 * cell, and the null markers exports write for "nothing" (-, --, /, 无, 空, null, N/A, #N/A), count as missing.
 */
import { validateCustomerName, type CustomerKind, type NameRejection } from '../customers/customer-name';
import { isValidMobile, normalizeMobile } from '../customers/phone';
import { isValidVin, normalizeVin } from '../customers/vin';
import { isInFuture, parseImportDate } from './import-dates';
import { flagsOfUsage, parseYesNo, type ImportFlag, type ImportRuleCode } from './import-rules';
import type { ComplaintHistoryFieldKey, CustomerFieldKey, RelationFieldKey, VehicleFieldKey } from './import-columns';
import type { TicketType } from '../tickets/ticket-vocabulary';
import { normalizeResidentId } from './resident-id';

export interface ImportProblem {
  /** The target field the problem is in. */
  field: string;
  rule: ImportRuleCode;
  /** The cell as it was in the file ('' when missing). */
  value: string;
}

export type CleanseResult<T> =
  | { ok: true; record: T; flags: ImportFlag[] }
  | { ok: false; problems: ImportProblem[]; flags: ImportFlag[] };

export type MappedRow<K extends string> = Partial<Record<K, string>>;

export interface CleanCustomer {
  kind: CustomerKind;
  name: string;
  /** 11 digits, as `customers.phone` stores it. */
  mobile: string;
  /** 18 characters (15-digit old IDs upgraded); absent when the file has none. */
  idNumber?: string;
  email?: string;
  province?: string;
  city?: string;
}

export interface CleanVehicle {
  vin: string;
  plate?: string;
  model: string;
  powertrain?: 'ice' | 'ev' | 'phev';
  purchaseDate?: string;
  warrantyEnd?: string;
  mileageKm?: number;
  ownerIdNumber?: string;
  ownerMobile?: string;
}

export const VEHICLE_RELATIONS = ['selling', 'servicing'] as const;
export type VehicleRelation = (typeof VEHICLE_RELATIONS)[number];

export interface CleanRelation {
  vin: string;
  dealerCode: string;
  relation: VehicleRelation;
}

/** Before this day a "purchase" is a typo or a misread number (Excel serial 1 is 1900-01-01), not a car sale. */
export const EARLIEST_PURCHASE = '1980-01-01';

const NULL_MARKERS = new Set(['-', '--', '/', '无', '空', 'null', 'n/a', 'na', '#n/a']);

/** A cell's text as the rules read it, or undefined when it is empty or a null marker. */
export function cleanCell(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = value.normalize('NFKC').trim().replace(/\s+/g, ' ');
  if (cleaned === '' || NULL_MARKERS.has(cleaned.toLowerCase())) return undefined;
  return cleaned;
}

const NAME_RULES: Record<NameRejection, ImportRuleCode> = {
  too_short: 'NAME_TOO_SHORT',
  too_long: 'NAME_TOO_LONG',
  placeholder: 'NAME_PLACEHOLDER',
  invalid_characters: 'NAME_INVALID_CHARACTERS',
};

const KIND_WORDS: ReadonlyArray<[RegExp, CustomerKind]> = [
  [/^(?:个人|私人|自然人|person|personal|individual|p)$/i, 'person'],
  [/^(?:公司|企业|单位|法人|机构|集团|company|corporate|organi[sz]ation|c)$/i, 'company'],
];
// A name ending like a company's registered name: 某某汽车销售有限公司, 某某集团, ACME Co., Ltd.
const COMPANY_NAME = /(?:公司|集团|企业|厂|研究院|研究所|事务所|合作社|中心|\bco\.?|\bltd\.?|\blimited|\binc\.?|\bcorp\.?|\bcorporation|\bllc|\bgmbh)$/i;

/**
 * Person or company. A kind column decides when it has a value (个人/公司/…); without one, a name ending in 公司,
 * 集团, 有限公司, 厂, 中心, Co., Ltd, Inc … is a company and every other name a person. Null when the column says
 * something else.
 */
export function customerKindOf(kindCell: string | undefined, name: string | undefined): CustomerKind | null {
  if (kindCell !== undefined) return KIND_WORDS.find(([pattern]) => pattern.test(kindCell))?.[1] ?? null;
  return name !== undefined && COMPANY_NAME.test(name) ? 'company' : 'person';
}

/** Collects problems while a row is read; `field` reads and cleans a cell once. */
class RowReader<K extends string> {
  readonly problems: ImportProblem[] = [];

  constructor(private readonly row: MappedRow<K>) {}

  cell(field: K): string | undefined {
    return cleanCell(this.row[field]);
  }

  problem(field: K, rule: ImportRuleCode): undefined {
    this.problems.push({ field, rule, value: this.row[field] ?? '' });
    return undefined;
  }

  required(field: K): string | undefined {
    return this.cell(field) ?? this.problem(field, 'REQUIRED_MISSING');
  }

  mobile(field: K, missingRule?: ImportRuleCode): string | undefined {
    const cell = this.cell(field);
    if (cell === undefined) return missingRule ? this.problem(field, missingRule) : undefined;
    const mobile = normalizeMobile(cell);
    return isValidMobile(mobile) ? mobile : this.problem(field, 'MOBILE_INVALID');
  }

  residentId(field: K): string | undefined {
    const cell = this.cell(field);
    if (cell === undefined) return undefined;
    return normalizeResidentId(cell) ?? this.problem(field, 'ID_NUMBER_INVALID');
  }

  vin(field: K): string | undefined {
    const cell = this.required(field);
    if (cell === undefined) return undefined;
    // Exports pad VINs with spaces or split them into groups: "LSVAX321 6SA900001".
    const vin = normalizeVin(cell.replace(/\s+/g, ''));
    return isValidVin(vin) ? vin : this.problem(field, 'VIN_INVALID');
  }

  date(field: K): string | undefined {
    const cell = this.cell(field);
    if (cell === undefined) return undefined;
    return parseImportDate(cell) ?? this.problem(field, 'DATE_UNPARSEABLE');
  }

  result<T>(record: T, flags: ImportFlag[] = []): CleanseResult<T> {
    return this.problems.length === 0 ? { ok: true, record, flags } : { ok: false, problems: this.problems, flags };
  }
}

/** Drops undefined properties, so a clean record has only the fields the file gave. */
function defined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A customer row: name (REQUIRED_MISSING or the name rules of `validateCustomerName`, for the row's kind), mobile
 * (MOBILE_MISSING, MOBILE_INVALID; +86, spaces and dashes dropped), optional ID number (ID_NUMBER_INVALID), e-mail
 * (EMAIL_INVALID), province and city; the kind from its column or the name (`customerKindOf`, CUSTOMER_KIND_INVALID).
 */
export function cleanseCustomerRow(row: MappedRow<CustomerFieldKey>): CleanseResult<CleanCustomer> {
  const reader = new RowReader(row);
  const rawName = reader.cell('name');
  const kind = customerKindOf(reader.cell('kind'), rawName) ?? reader.problem('kind', 'CUSTOMER_KIND_INVALID');
  let name: string | undefined;
  if (rawName === undefined) reader.problem('name', 'REQUIRED_MISSING');
  else {
    // An unreadable kind column still lets the name be checked, by the looser company rules (no double report).
    const validation = validateCustomerName(rawName, kind ?? 'company');
    if (validation.ok) name = validation.name;
    else reader.problem('name', NAME_RULES[validation.reason]);
  }
  const mobile = reader.mobile('mobile', 'MOBILE_MISSING');
  const idNumber = reader.residentId('idNumber');
  const email = reader.cell('email');
  if (email !== undefined && !EMAIL.test(email)) reader.problem('email', 'EMAIL_INVALID');
  const record = defined({ kind: kind!, name: name!, mobile: mobile!, idNumber, email: email?.toLowerCase(), province: reader.cell('province'), city: reader.cell('city') });
  return reader.result(record);
}

const POWERTRAIN_WORDS: ReadonlyArray<[RegExp, NonNullable<CleanVehicle['powertrain']>]> = [
  [/^(?:phev|插混|插电混动|插电式混合动力|插电式混动|增程|增程式|erev)$/i, 'phev'],
  [/^(?:ev|bev|纯电|纯电动|电动|电动车|electric)$/i, 'ev'],
  [/^(?:ice|燃油|汽油|柴油|油车|传统燃油|petrol|gasoline|diesel|fuel)$/i, 'ice'],
];
// Mainland plates: province character, issuing-office letter, then 5 characters (6 for new-energy plates); the
// last may be 挂 (trailer), 学 (driving school), 警 (police), 港/澳 (cross-border).
const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/;
const MILEAGE = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\s*(?:km|公里))?$/i;

/**
 * A vehicle row: VIN (REQUIRED_MISSING, VIN_INVALID), model (REQUIRED_MISSING), optional plate (PLATE_INVALID),
 * powertrain (POWERTRAIN_INVALID), purchase date (DATE_UNPARSEABLE, PURCHASE_IN_FUTURE after `today`,
 * PURCHASE_TOO_EARLY before 1980), warranty end (DATE_UNPARSEABLE, WARRANTY_BEFORE_PURCHASE when not after the
 * purchase), mileage (MILEAGE_INVALID; "12,345 km" reads as 12345), the owner's ID number and mobile. Flags come from
 * the yes/no columns pdi, internal and accident (FLAG_VALUE_INVALID when neither yes nor no) and from the words of the
 * vehicle-use column (`flagsOfUsage`); a flagged vehicle is still imported.
 */
export function cleanseVehicleRow(row: MappedRow<VehicleFieldKey>, today: string): CleanseResult<CleanVehicle> {
  const reader = new RowReader(row);
  const vin = reader.vin('vin');
  const model = reader.required('model');
  const plateCell = reader.cell('plate');
  const plate = plateCell?.toUpperCase().replace(/[\s·•.\-]/g, '');
  if (plate !== undefined && !PLATE.test(plate)) reader.problem('plate', 'PLATE_INVALID');
  const powertrainCell = reader.cell('powertrain');
  const powertrain = powertrainCell === undefined ? undefined : POWERTRAIN_WORDS.find(([pattern]) => pattern.test(powertrainCell))?.[1];
  if (powertrainCell !== undefined && powertrain === undefined) reader.problem('powertrain', 'POWERTRAIN_INVALID');
  const purchaseDate = reader.date('purchaseDate');
  if (purchaseDate !== undefined && isInFuture(purchaseDate, today)) reader.problem('purchaseDate', 'PURCHASE_IN_FUTURE');
  if (purchaseDate !== undefined && purchaseDate < EARLIEST_PURCHASE) reader.problem('purchaseDate', 'PURCHASE_TOO_EARLY');
  const warrantyEnd = reader.date('warrantyEnd');
  if (warrantyEnd !== undefined && purchaseDate !== undefined && warrantyEnd <= purchaseDate) reader.problem('warrantyEnd', 'WARRANTY_BEFORE_PURCHASE');
  const mileageCell = reader.cell('mileageKm');
  const mileage = mileageCell === undefined ? undefined : MILEAGE.exec(mileageCell);
  if (mileageCell !== undefined && !mileage) reader.problem('mileageKm', 'MILEAGE_INVALID');
  const flags = new Set<ImportFlag>(flagsOfUsage(reader.cell('usage') ?? ''));
  for (const [column, flag] of [['pdi', 'PDI'], ['internal', 'INTERNAL'], ['accident', 'ACCIDENT']] as const) {
    const cell = reader.cell(column);
    if (cell === undefined) continue;
    const answer = parseYesNo(cell);
    if (answer === null) reader.problem(column, 'FLAG_VALUE_INVALID');
    else if (answer) flags.add(flag);
  }
  const record = defined({
    vin: vin!,
    plate,
    model: model!,
    powertrain,
    purchaseDate,
    warrantyEnd,
    mileageKm: mileage ? Number(mileage[1].replace(/,/g, '')) : undefined,
    ownerIdNumber: reader.residentId('ownerIdNumber'),
    ownerMobile: reader.mobile('ownerMobile'),
  });
  return reader.result(record, [...flags].sort());
}

const RELATION_WORDS: ReadonlyArray<[RegExp, VehicleRelation]> = [
  [/^(?:销售|售出|销售店|销售经销商|卖车|sell|selling|sales|sale)$/i, 'selling'],
  [/^(?:售后|服务|维修|维保|服务店|售后服务|保养|service|servicing|after-?sales)$/i, 'servicing'],
];
const DEALER_CODE = /^[A-Z0-9_-]{2,20}$/;

/**
 * A vehicle ↔ dealer relation row: VIN (REQUIRED_MISSING, VIN_INVALID), dealer code (upper-cased;
 * REQUIRED_MISSING, DEALER_CODE_INVALID) and relation (selling: 销售/售出/sales; servicing: 售后/服务/维修/service;
 * REQUIRED_MISSING, RELATION_INVALID). Whether the dealer exists is for the importer, which has the database.
 */
export function cleanseRelationRow(row: MappedRow<RelationFieldKey>): CleanseResult<CleanRelation> {
  const reader = new RowReader(row);
  const vin = reader.vin('vin');
  const dealerCode = reader.required('dealerCode')?.toUpperCase();
  if (dealerCode !== undefined && !DEALER_CODE.test(dealerCode)) reader.problem('dealerCode', 'DEALER_CODE_INVALID');
  const relationCell = reader.required('relation');
  const relation = relationCell === undefined ? undefined : RELATION_WORDS.find(([pattern]) => pattern.test(relationCell))?.[1];
  if (relationCell !== undefined && relation === undefined) reader.problem('relation', 'RELATION_INVALID');
  return reader.result({ vin: vin!, dealerCode: dealerCode!, relation: relation! });
}

export interface CleanComplaintHistory {
  text: string;
  /** The category as written (code or name): the importer, which has the database, finds it. */
  category: string;
  date?: string;
  /** Absent: the category's own type. */
  type?: TicketType;
}

const TICKET_TYPE_WORDS: ReadonlyArray<[RegExp, TicketType]> = [
  [/^(?:enquiry|inquiry|咨询|查询)$/i, 'enquiry'],
  [/^(?:complaint|投诉|抱怨)$/i, 'complaint'],
  [/^(?:roadside|道路救援|救援)$/i, 'roadside'],
  [/^(?:suggestion|建议|意见)$/i, 'suggestion'],
  [/^(?:praise|表扬|感谢)$/i, 'praise'],
  [/^(?:lead|sales lead|销售线索|线索)$/i, 'lead'],
];

/** The longest text a history row may have: as long as a suggestion request's. */
export const HISTORY_TEXT_MAX = 5000;

/**
 * A labelled complaint of a former system: text (REQUIRED_MISSING, TEXT_TOO_LONG), category (REQUIRED_MISSING; code or
 * zh/en name, looked up by the importer: CATEGORY_NOT_FOUND, CATEGORY_AMBIGUOUS), optional date (DATE_UNPARSEABLE) and
 * ticket type (TICKET_TYPE_INVALID; 投诉/complaint …).
 */
export function cleanseComplaintHistoryRow(row: MappedRow<ComplaintHistoryFieldKey>): CleanseResult<CleanComplaintHistory> {
  const reader = new RowReader(row);
  const text = reader.required('text');
  if (text !== undefined && text.length > HISTORY_TEXT_MAX) reader.problem('text', 'TEXT_TOO_LONG');
  const category = reader.required('category');
  const date = reader.date('date');
  const typeCell = reader.cell('type');
  const type = typeCell === undefined ? undefined : TICKET_TYPE_WORDS.find(([pattern]) => pattern.test(typeCell))?.[1];
  if (typeCell !== undefined && type === undefined) reader.problem('type', 'TICKET_TYPE_INVALID');
  return reader.result(defined({ text: text!, category: category!, date, type }));
}
