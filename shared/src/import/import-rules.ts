/**
 * The catalogue of import cleansing rules (issue 13): every problem a row of a customer, vehicle or relation file can
 * have, each with a stable code and a message in zh-CN and en, and the vehicle flags that keep a row but leave the
 * vehicle out of outreach lists. Codes are stable: rejected rows go back to the dealer with them, and a later console
 * switches on them, so a code is never renamed or reused.
 */
import type { Locale } from '../errors/app-error';

export const IMPORT_RULE_CODES = [
  /** A required column is empty (or holds a null marker such as 无, -, N/A). */
  'REQUIRED_MISSING',
  /** A person's name has fewer than 2 characters (李); any name under 2. */
  'NAME_TOO_SHORT',
  /** A person's name of at most 3 characters containing 先生, 女士 or 小姐: a placeholder (王先生), not a name. */
  'NAME_PLACEHOLDER',
  /** A person's name with digits or symbols, or any name with control characters. */
  'NAME_INVALID_CHARACTERS',
  /** A person's name over 30 characters, a company's over 100. */
  'NAME_TOO_LONG',
  /** The customer-kind column holds a value that is neither person (个人) nor company (公司/单位). */
  'CUSTOMER_KIND_INVALID',
  /** The customer row has no mobile number: the hotline finds callers by it. */
  'MOBILE_MISSING',
  /** Not an 11-digit mainland mobile number after dropping +86, spaces and dashes (too short, too long, not 1[3-9]…). */
  'MOBILE_INVALID',
  /** Not an 18-character resident ID with a matching ISO 7064 MOD 11-2 check character and a real birth date (or a valid 15-digit old ID). */
  'ID_NUMBER_INVALID',
  /** Not an e-mail address. */
  'EMAIL_INVALID',
  /** Not 17 VIN characters (no I, O, Q) with a matching check digit. */
  'VIN_INVALID',
  /** Not a mainland licence plate (province character, letter, 5 or 6 characters). */
  'PLATE_INVALID',
  /** The powertrain column is neither fuel (燃油), electric (纯电) nor plug-in hybrid (插混). */
  'POWERTRAIN_INVALID',
  /** The mileage is not a whole, non-negative number of kilometres. */
  'MILEAGE_INVALID',
  /** A date in none of the accepted formats, or a day that does not exist (2024-02-30). */
  'DATE_UNPARSEABLE',
  /** The purchase date lies after the day of the import. */
  'PURCHASE_IN_FUTURE',
  /** The purchase date lies before 1980-01-01: a typo or a misread number, not a purchase. */
  'PURCHASE_TOO_EARLY',
  /** The warranty ends on or before the purchase date. */
  'WARRANTY_BEFORE_PURCHASE',
  /** A yes/no flag column (PDI, internal, accident) holds something that is neither yes (是/Y/1) nor no (否/N/0). */
  'FLAG_VALUE_INVALID',
  /** A dealer code that is not 2–20 letters, digits, dashes or underscores. */
  'DEALER_CODE_INVALID',
  /** A vehicle–dealer relation that is neither selling (销售) nor servicing (售后). */
  'RELATION_INVALID',
  /** A new vehicle whose owner (ID number or mobile) is no customer careline knows: import the customers first. */
  'OWNER_NOT_FOUND',
  /** A relation for a VIN careline has no vehicle for: import the vehicles first. */
  'VEHICLE_NOT_FOUND',
  /** A relation naming a dealer code careline has no (active) dealer for. */
  'DEALER_NOT_FOUND',
  /** Complaint history: the category is no category code, nor the zh or en name of one (of the row's ticket type). */
  'CATEGORY_NOT_FOUND',
  /** Complaint history: the name fits several categories (异响 under engine and under transmission): use the code. */
  'CATEGORY_AMBIGUOUS',
  /** Complaint history: the ticket type is none of enquiry, complaint, roadside, suggestion, praise, lead (or 咨询, 投诉 …). */
  'TICKET_TYPE_INVALID',
  /** Complaint history: the text is longer than 5,000 characters. */
  'TEXT_TOO_LONG',
] as const;
export type ImportRuleCode = (typeof IMPORT_RULE_CODES)[number];

export interface ImportRuleMessage {
  zh: string;
  en: string;
}

export const IMPORT_RULES: Readonly<Record<ImportRuleCode, ImportRuleMessage>> = {
  REQUIRED_MISSING: { zh: '必填项为空', en: 'A required value is missing' },
  NAME_TOO_SHORT: { zh: '姓名至少 2 个字', en: 'The name has fewer than 2 characters' },
  NAME_PLACEHOLDER: { zh: '姓名不能是“王先生”“李女士”之类的称呼', en: 'The name is a form of address (such as 王先生), not a name' },
  NAME_INVALID_CHARACTERS: { zh: '姓名含有数字、符号或控制字符', en: 'The name contains digits, symbols or control characters' },
  NAME_TOO_LONG: { zh: '姓名过长（个人最多 30 字，公司最多 100 字）', en: 'The name is too long (30 characters for a person, 100 for a company)' },
  CUSTOMER_KIND_INVALID: { zh: '客户类型只能是个人或公司', en: 'The customer kind must be person or company' },
  MOBILE_MISSING: { zh: '缺少手机号码', en: 'The mobile number is missing' },
  MOBILE_INVALID: { zh: '手机号码不是有效的 11 位大陆手机号', en: 'Not a valid 11-digit mainland mobile number' },
  ID_NUMBER_INVALID: { zh: '身份证号码无效（位数、出生日期或校验位不对）', en: 'Not a valid resident ID number (length, birth date or check character)' },
  EMAIL_INVALID: { zh: '电子邮箱格式不正确', en: 'Not a valid e-mail address' },
  VIN_INVALID: { zh: '车架号无效（17 位，不含 I、O、Q，校验位须正确）', en: 'Not a valid VIN (17 characters, no I, O or Q, matching check digit)' },
  PLATE_INVALID: { zh: '车牌号格式不正确', en: 'Not a valid licence plate' },
  POWERTRAIN_INVALID: { zh: '动力类型只能是燃油、纯电或插电混动', en: 'The powertrain must be fuel, electric or plug-in hybrid' },
  MILEAGE_INVALID: { zh: '里程须为非负整数（公里）', en: 'The mileage must be a whole, non-negative number of kilometres' },
  DATE_UNPARSEABLE: { zh: '日期无法识别或不存在', en: 'The date cannot be read or does not exist' },
  PURCHASE_IN_FUTURE: { zh: '购车日期晚于今天', en: 'The purchase date is in the future' },
  PURCHASE_TOO_EARLY: { zh: '购车日期早于 1980 年，不可信', en: 'The purchase date is before 1980 and not plausible' },
  WARRANTY_BEFORE_PURCHASE: { zh: '质保到期日须晚于购车日期', en: 'The warranty must end after the purchase date' },
  FLAG_VALUE_INVALID: { zh: '标记列只能填“是”或“否”', en: 'A flag column must say yes or no' },
  DEALER_CODE_INVALID: { zh: '经销商代码格式不正确', en: 'Not a valid dealer code' },
  RELATION_INVALID: { zh: '关系只能是销售或售后', en: 'The relation must be selling or servicing' },
  OWNER_NOT_FOUND: { zh: '找不到车主（身份证号或手机号无对应客户），请先导入客户', en: 'No customer matches the owner (ID number or mobile): import the customers first' },
  VEHICLE_NOT_FOUND: { zh: '系统中没有该车架号的车辆，请先导入车辆', en: 'No vehicle has this VIN: import the vehicles first' },
  DEALER_NOT_FOUND: { zh: '经销商代码不存在或已停用', en: 'No active dealer has this code' },
  CATEGORY_NOT_FOUND: { zh: '分类不存在（须为分类代码，或分类的中文或英文名称）', en: 'No category has this code or zh/en name' },
  CATEGORY_AMBIGUOUS: { zh: '多个分类同名，请填写分类代码', en: 'Several categories have this name: give the category code' },
  TICKET_TYPE_INVALID: { zh: '工单类型无法识别（咨询、投诉、救援、建议、表扬、线索）', en: 'Not a ticket type (enquiry, complaint, roadside, suggestion, praise, lead)' },
  TEXT_TOO_LONG: { zh: '内容超过 5000 字', en: 'The text is longer than 5,000 characters' },
};

/** A rule's message in the reader's language. */
export function importRuleMessage(code: ImportRuleCode, locale: Locale): string {
  return locale === 'en' ? IMPORT_RULES[code].en : IMPORT_RULES[code].zh;
}

/**
 * Vehicles the maintenance-list procedure removes from outreach (new-vehicle callbacks, campaigns) but keeps in the
 * data: a pre-delivery-inspection vehicle, one the maker or a dealer uses itself, a vehicle written off after an
 * accident.
 */
export const IMPORT_FLAGS = ['PDI', 'INTERNAL', 'ACCIDENT'] as const;
export type ImportFlag = (typeof IMPORT_FLAGS)[number];

export const IMPORT_FLAG_LABELS: Readonly<Record<ImportFlag, ImportRuleMessage>> = {
  PDI: { zh: 'PDI 车辆', en: 'PDI vehicle' },
  INTERNAL: { zh: '内部用车', en: 'Internal vehicle' },
  ACCIDENT: { zh: '事故车', en: 'Accident vehicle' },
};

// Yes and no as the source systems write them: Chinese, English, Excel booleans, ticks. Compared after NFKC and
// lower-casing, so Ｙ, TRUE and True are all yes.
const YES = new Set(['是', '有', 'y', 'yes', 'true', 't', '1', '√', '✓', '✔']);
const NO = new Set(['否', '无', '没有', 'n', 'no', 'false', 'f', '0', '×', '✗', '✘']);

/** A yes/no cell: true, false, or null when it says neither (then the row gets FLAG_VALUE_INVALID). */
export function parseYesNo(value: string): boolean | null {
  const folded = value.normalize('NFKC').trim().toLowerCase();
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  return null;
}

// Words of a vehicle-use / vehicle-type column (车辆用途, 车辆性质) that mark a flag. Test-drive and show cars belong to
// the dealer, not to a customer, so they count as internal. Anything else (私家车, 营运, 出租) flags nothing.
const USAGE_FLAGS: ReadonlyArray<[RegExp, ImportFlag]> = [
  [/pdi|售前检测|交车前检查/i, 'PDI'],
  [/内部|公务|员工|试驾|试乘|展车|展示车|internal|demo|test ?drive/i, 'INTERNAL'],
  [/事故|全损|报废|accident|write-?off/i, 'ACCIDENT'],
];

/** The flags a vehicle-use column's text names (PDI, 内部用车, 试驾车, 事故车 …); none for ordinary uses. */
export function flagsOfUsage(usage: string): ImportFlag[] {
  const folded = usage.normalize('NFKC');
  return USAGE_FLAGS.filter(([pattern]) => pattern.test(folded)).map(([, flag]) => flag);
}
