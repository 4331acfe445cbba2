/**
 * What an import file's columns may mean: the target fields of each kind of file (customers, vehicles, vehicle ↔
 * dealer relations) with labels and the headers the source systems use for them, a suggested mapping from a file's
 * headers, and a row read through a mapping.
 */

/** `complaint_history`: labelled complaints from a former system, the category suggestions' imported history. */
export const IMPORT_KINDS = ['customer', 'vehicle', 'relation', 'complaint_history'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportField {
  key: string;
  labelZh: string;
  labelEn: string;
  /** Headers that mean this field, compared after `normalizeHeader`. The labels count as aliases too. */
  aliases: readonly string[];
  required: boolean;
}

const field = (key: string, labelZh: string, labelEn: string, aliases: string[], required = false): ImportField => ({
  key,
  labelZh,
  labelEn,
  aliases,
  required,
});

export const CUSTOMER_FIELDS = [
  field('kind', '客户类型', 'Customer kind', ['客户性质', '类型', '个人/公司', 'type', 'customer type']),
  field('name', '姓名', 'Name', ['客户姓名', '客户名称', '车主姓名', '车主', '名称', '单位名称', '公司名称', 'customer name', 'full name'], true),
  field('mobile', '手机', 'Mobile', ['手机号', '手机号码', '移动电话', '联系电话', '联系方式', '电话', '电话号码', 'phone', 'mobile number', 'cell phone', 'tel'], true),
  field('idNumber', '身份证号', 'ID number', ['身份证', '身份证号码', '证件号', '证件号码', 'id no', 'id card']),
  field('email', '电子邮箱', 'Email', ['邮箱', '电子邮件', 'e-mail', 'mail']),
  field('province', '省份', 'Province', ['省', '所在省份', '省/直辖市']),
  field('city', '城市', 'City', ['市', '所在城市', '地市']),
] as const satisfies readonly ImportField[];

export const VEHICLE_FIELDS = [
  field('vin', '车架号', 'VIN', ['vin码', '车辆识别代号', '车辆识别码', '底盘号', '车架号码', 'chassis number', 'vin number'], true),
  field('plate', '车牌号', 'Plate', ['车牌', '牌照号', '号牌号码', 'license plate', 'plate number']),
  field('model', '车型', 'Model', ['车型名称', '车系', '车辆型号', 'vehicle model'], true),
  field('powertrain', '动力类型', 'Powertrain', ['燃料类型', '能源类型', 'fuel type']),
  field('purchaseDate', '购车日期', 'Purchase date', ['开票日期', '购买日期', '销售日期', '交车日期', 'invoice date', 'sale date']),
  field('warrantyEnd', '质保到期', 'Warranty end', ['质保到期日', '质保截止日期', '保修到期', '保修截止日期', 'warranty expiry', 'warranty end date']),
  field('mileageKm', '里程', 'Mileage (km)', ['行驶里程', '里程数', '公里数', 'mileage', 'odometer']),
  field('usage', '车辆用途', 'Vehicle use', ['用途', '使用性质', '车辆性质', '车辆类型', 'usage', 'vehicle type']),
  field('pdi', 'PDI 车辆', 'PDI', ['是否pdi', 'pdi车', 'pdi vehicle']),
  field('internal', '内部用车', 'Internal', ['是否内部用车', '内部车', 'internal vehicle']),
  field('accident', '事故车', 'Accident', ['是否事故车', 'accident vehicle']),
  field('ownerIdNumber', '车主身份证号', 'Owner ID number', ['车主证件号码', '车主身份证', 'owner id']),
  field('ownerMobile', '车主手机', 'Owner mobile', ['车主手机号', '车主电话', '车主联系电话', 'owner phone']),
] as const satisfies readonly ImportField[];

export const RELATION_FIELDS = [
  field('vin', '车架号', 'VIN', ['vin码', '车辆识别代号', '底盘号', 'chassis number'], true),
  field('dealerCode', '经销商代码', 'Dealer code', ['经销商编码', '经销商编号', '店代码', '网点代码', 'dealer', 'dealer id'], true),
  field('relation', '关系', 'Relation', ['关系类型', '业务类型', 'relation type', 'role'], true),
] as const satisfies readonly ImportField[];

export const COMPLAINT_HISTORY_FIELDS = [
  field('text', '内容', 'Text', ['投诉内容', '问题描述', '描述', '工单内容', '来电内容', '详细描述', '主题', 'description', 'complaint', 'summary', 'content'], true),
  field('category', '分类', 'Category', ['工单分类', '投诉分类', '问题分类', '类别', '分类代码', '分类名称', 'category code', 'category name'], true),
  field('date', '日期', 'Date', ['受理日期', '创建日期', '发生日期', '来电日期', '投诉日期', 'created', 'created at', 'opened']),
  field('type', '工单类型', 'Ticket type', ['类型', '业务类型', 'ticket type', 'type']),
] as const satisfies readonly ImportField[];

export type CustomerFieldKey = (typeof CUSTOMER_FIELDS)[number]['key'];
export type VehicleFieldKey = (typeof VEHICLE_FIELDS)[number]['key'];
export type RelationFieldKey = (typeof RELATION_FIELDS)[number]['key'];
export type ComplaintHistoryFieldKey = (typeof COMPLAINT_HISTORY_FIELDS)[number]['key'];

export const IMPORT_FIELDS: Readonly<Record<ImportKind, readonly ImportField[]>> = {
  customer: CUSTOMER_FIELDS,
  vehicle: VEHICLE_FIELDS,
  relation: RELATION_FIELDS,
  complaint_history: COMPLAINT_HISTORY_FIELDS,
};

/**
 * A header as it is compared: NFKC-folded (全角 → ASCII), lower-cased, without bracketed notes ("手机号码（必填）",
 * "里程[km]"), without a required-marker asterisk, spaces, underscores, dashes, dots, colons and slashes.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(\[【][^)\]】]*[)\]】]/g, '')
    .replace(/[\s_\-.:：*/]/g, '');
}

/** Target field → the file's header that fills it. Each field appears once; headers not in it are ignored. */
export type ImportMapping = Partial<Record<string, string>>;

/**
 * The mapping a file's headers suggest: each header is matched, in file order, against the fields' keys, labels and
 * aliases (all normalised); the first header to match a field takes it, so a file with two 电话 columns maps the
 * first. Headers matching nothing stay unmapped; an admin maps them by hand.
 */
export function suggestMapping(kind: ImportKind, headers: readonly string[]): ImportMapping {
  const byName = new Map<string, string>();
  for (const target of IMPORT_FIELDS[kind]) {
    for (const name of [target.key, target.labelZh, target.labelEn, ...target.aliases]) {
      const normalized = normalizeHeader(name);
      if (!byName.has(normalized)) byName.set(normalized, target.key);
    }
  }
  const mapping: ImportMapping = {};
  for (const header of headers) {
    const target = byName.get(normalizeHeader(header));
    if (target && mapping[target] === undefined) mapping[target] = header;
  }
  return mapping;
}

/** The required fields of a kind that a mapping leaves without a column. */
export function unmappedRequiredFields(kind: ImportKind, mapping: ImportMapping): string[] {
  return IMPORT_FIELDS[kind].filter((target) => target.required && mapping[target.key] === undefined).map((target) => target.key);
}

/** A file row (header → cell) read through a mapping: target field → cell text, '' for a mapped column left blank. */
export function applyMapping(row: Readonly<Record<string, string | undefined>>, mapping: ImportMapping): Record<string, string> {
  const mapped: Record<string, string> = {};
  for (const [target, header] of Object.entries(mapping)) {
    if (header !== undefined) mapped[target] = row[header] ?? '';
  }
  return mapped;
}
