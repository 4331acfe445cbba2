/**
 * Demo reference data a Chinese hotline would recognise: sales regions, 4S dealers in real cities (real city-centre
 * coordinates, each dealer offset a few kilometres), a car maker's internal departments, and the category
 * tree agents pick from. Dealer names are invented and brand-neutral.
 */
import type { DealerCapability, Priority, TicketType } from '../tickets/ticket-vocabulary';

export interface RegionSeed {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface DealerSeed {
  code: string;
  nameZh: string;
  nameEn: string;
  regionCode: string;
  province: string;
  city: string;
  address: string;
  lat: number;
  lng: number;
  capabilities: DealerCapability[];
  /** Answers rescue calls around the clock, outside its business hours too. */
  rescue24h: boolean;
  /** ISO weekdays (Monday = 1) and opening times in China time. */
  businessHours: { weekdays: number[]; open: string; close: string };
  notificationEmails: string[];
  /** Open tickets the dealer can handle at once; routing balances load against it. */
  capacity: number;
  active: boolean;
}

export interface DepartmentSeed {
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CategorySeed {
  code: string;
  parentCode: string | null;
  ticketType: TicketType;
  nameZh: string;
  nameEn: string;
  defaultPriority?: Priority;
  ccDepartmentCodes: string[];
  /** Words and phrases pointing to it: the category suggestions' keyword rules (CATEGORY_KEYWORDS). */
  keywords: string[];
}

/** A city with dealers; the generators place customers, plates and roadside incidents by it. */
export interface CitySeed {
  /** Dealer-code part: D-SH-001. */
  key: string;
  province: string;
  city: string;
  cityEn: string;
  /** Licence-plate prefix of the city: province abbreviation and the city's letter (沪A, 粤B). */
  plate: string;
  regionCode: string;
  lat: number;
  lng: number;
  districts: string[];
  dealers: number;
}

export const REGIONS: RegionSeed[] = [
  { code: 'R-NORTH', nameZh: '华北大区', nameEn: 'North' },
  { code: 'R-EAST-1', nameZh: '华东一区', nameEn: 'East 1' },
  { code: 'R-EAST-2', nameZh: '华东二区', nameEn: 'East 2' },
  { code: 'R-SOUTH', nameZh: '华南大区', nameEn: 'South' },
  { code: 'R-CENTRAL', nameZh: '华中大区', nameEn: 'Central' },
  { code: 'R-SOUTHWEST', nameZh: '西南大区', nameEn: 'Southwest' },
  { code: 'R-NORTHWEST', nameZh: '西北大区', nameEn: 'Northwest' },
  { code: 'R-NORTHEAST', nameZh: '东北大区', nameEn: 'Northeast' },
];

/** Real city-centre coordinates (WGS-84, rounded). The order fixes dealer codes: append, never insert. */
export const CITIES: CitySeed[] = [
  { key: 'BJ', province: '北京市', city: '北京', cityEn: 'Beijing', plate: '京A', regionCode: 'R-NORTH', lat: 39.9042, lng: 116.4074, districts: ['朝阳区', '海淀区', '丰台区', '大兴区', '顺义区'], dealers: 5 },
  { key: 'TJ', province: '天津市', city: '天津', cityEn: 'Tianjin', plate: '津A', regionCode: 'R-NORTH', lat: 39.3434, lng: 117.3616, districts: ['河西区', '南开区', '东丽区'], dealers: 3 },
  { key: 'SJZ', province: '河北省', city: '石家庄', cityEn: 'Shijiazhuang', plate: '冀A', regionCode: 'R-NORTH', lat: 38.0428, lng: 114.5149, districts: ['长安区', '裕华区'], dealers: 2 },
  { key: 'JN', province: '山东省', city: '济南', cityEn: 'Jinan', plate: '鲁A', regionCode: 'R-NORTH', lat: 36.6512, lng: 117.1201, districts: ['历下区', '槐荫区'], dealers: 2 },
  { key: 'QD', province: '山东省', city: '青岛', cityEn: 'Qingdao', plate: '鲁B', regionCode: 'R-NORTH', lat: 36.0671, lng: 120.3826, districts: ['市南区', '崂山区', '黄岛区'], dealers: 3 },
  { key: 'SH', province: '上海市', city: '上海', cityEn: 'Shanghai', plate: '沪A', regionCode: 'R-EAST-1', lat: 31.2304, lng: 121.4737, districts: ['浦东新区', '闵行区', '嘉定区', '徐汇区', '宝山区'], dealers: 5 },
  { key: 'NJ', province: '江苏省', city: '南京', cityEn: 'Nanjing', plate: '苏A', regionCode: 'R-EAST-1', lat: 32.0603, lng: 118.7969, districts: ['江宁区', '鼓楼区', '栖霞区'], dealers: 3 },
  { key: 'SZH', province: '江苏省', city: '苏州', cityEn: 'Suzhou', plate: '苏E', regionCode: 'R-EAST-1', lat: 31.2989, lng: 120.5853, districts: ['工业园区', '吴中区', '相城区'], dealers: 3 },
  { key: 'HZ', province: '浙江省', city: '杭州', cityEn: 'Hangzhou', plate: '浙A', regionCode: 'R-EAST-2', lat: 30.2741, lng: 120.1551, districts: ['西湖区', '萧山区', '余杭区'], dealers: 3 },
  { key: 'NB', province: '浙江省', city: '宁波', cityEn: 'Ningbo', plate: '浙B', regionCode: 'R-EAST-2', lat: 29.8683, lng: 121.544, districts: ['鄞州区', '江北区'], dealers: 2 },
  { key: 'FZ', province: '福建省', city: '福州', cityEn: 'Fuzhou', plate: '闽A', regionCode: 'R-EAST-2', lat: 26.0745, lng: 119.2965, districts: ['仓山区', '晋安区'], dealers: 2 },
  { key: 'XM', province: '福建省', city: '厦门', cityEn: 'Xiamen', plate: '闽D', regionCode: 'R-EAST-2', lat: 24.4798, lng: 118.0894, districts: ['思明区', '湖里区'], dealers: 2 },
  { key: 'GZ', province: '广东省', city: '广州', cityEn: 'Guangzhou', plate: '粤A', regionCode: 'R-SOUTH', lat: 23.1291, lng: 113.2644, districts: ['天河区', '白云区', '番禺区', '黄埔区'], dealers: 4 },
  { key: 'SZ', province: '广东省', city: '深圳', cityEn: 'Shenzhen', plate: '粤B', regionCode: 'R-SOUTH', lat: 22.5431, lng: 114.0579, districts: ['南山区', '福田区', '龙岗区', '宝安区'], dealers: 4 },
  { key: 'DG', province: '广东省', city: '东莞', cityEn: 'Dongguan', plate: '粤S', regionCode: 'R-SOUTH', lat: 23.0207, lng: 113.7518, districts: ['南城街道', '松山湖'], dealers: 2 },
  { key: 'NN', province: '广西壮族自治区', city: '南宁', cityEn: 'Nanning', plate: '桂A', regionCode: 'R-SOUTH', lat: 22.817, lng: 108.3665, districts: ['青秀区', '西乡塘区'], dealers: 2 },
  { key: 'WH', province: '湖北省', city: '武汉', cityEn: 'Wuhan', plate: '鄂A', regionCode: 'R-CENTRAL', lat: 30.5928, lng: 114.3055, districts: ['江汉区', '洪山区', '东西湖区'], dealers: 3 },
  { key: 'CS', province: '湖南省', city: '长沙', cityEn: 'Changsha', plate: '湘A', regionCode: 'R-CENTRAL', lat: 28.2282, lng: 112.9388, districts: ['岳麓区', '雨花区', '开福区'], dealers: 3 },
  { key: 'ZZ', province: '河南省', city: '郑州', cityEn: 'Zhengzhou', plate: '豫A', regionCode: 'R-CENTRAL', lat: 34.7466, lng: 113.6254, districts: ['金水区', '郑东新区'], dealers: 2 },
  { key: 'CD', province: '四川省', city: '成都', cityEn: 'Chengdu', plate: '川A', regionCode: 'R-SOUTHWEST', lat: 30.5728, lng: 104.0668, districts: ['武侯区', '高新区', '成华区', '双流区'], dealers: 4 },
  { key: 'CQ', province: '重庆市', city: '重庆', cityEn: 'Chongqing', plate: '渝A', regionCode: 'R-SOUTHWEST', lat: 29.563, lng: 106.5516, districts: ['渝北区', '九龙坡区', '南岸区'], dealers: 3 },
  { key: 'KM', province: '云南省', city: '昆明', cityEn: 'Kunming', plate: '云A', regionCode: 'R-SOUTHWEST', lat: 25.0389, lng: 102.7183, districts: ['官渡区', '西山区'], dealers: 2 },
  { key: 'XA', province: '陕西省', city: '西安', cityEn: "Xi'an", plate: '陕A', regionCode: 'R-NORTHWEST', lat: 34.3416, lng: 108.9398, districts: ['雁塔区', '未央区', '长安区'], dealers: 3 },
  { key: 'LZ', province: '甘肃省', city: '兰州', cityEn: 'Lanzhou', plate: '甘A', regionCode: 'R-NORTHWEST', lat: 36.0611, lng: 103.8343, districts: ['城关区', '七里河区'], dealers: 2 },
  { key: 'WLMQ', province: '新疆维吾尔自治区', city: '乌鲁木齐', cityEn: 'Urumqi', plate: '新A', regionCode: 'R-NORTHWEST', lat: 43.8256, lng: 87.6168, districts: ['天山区', '新市区'], dealers: 1 },
  { key: 'SY', province: '辽宁省', city: '沈阳', cityEn: 'Shenyang', plate: '辽A', regionCode: 'R-NORTHEAST', lat: 41.8057, lng: 123.4315, districts: ['浑南区', '铁西区'], dealers: 2 },
  { key: 'DL', province: '辽宁省', city: '大连', cityEn: 'Dalian', plate: '辽B', regionCode: 'R-NORTHEAST', lat: 38.914, lng: 121.6147, districts: ['甘井子区', '沙河口区'], dealers: 2 },
  { key: 'HRB', province: '黑龙江省', city: '哈尔滨', cityEn: 'Harbin', plate: '黑A', regionCode: 'R-NORTHEAST', lat: 45.8038, lng: 126.535, districts: ['南岗区', '道里区'], dealers: 2 },
  { key: 'CC', province: '吉林省', city: '长春', cityEn: 'Changchun', plate: '吉A', regionCode: 'R-NORTHEAST', lat: 43.8171, lng: 125.3235, districts: ['朝阳区', '南关区'], dealers: 1 },
];

const TRADE_NAMES = ['恒达', '远通', '瑞丰', '鑫源', '华骏', '腾龙', '盛世', '嘉和', '安顺', '宏图', '信诚', '永达', '东晟', '骏程', '博远', '中汇'];
const TRADE_NAMES_EN = ['Hengda', 'Yuantong', 'Ruifeng', 'Xinyuan', 'Huajun', 'Tenglong', 'Shengshi', 'Jiahe', 'Anshun', 'Hongtu', 'Xincheng', 'Yongda', 'Dongsheng', 'Juncheng', 'Boyuan', 'Zhonghui'];
const ROADS = ['建设路', '人民路', '解放大道', '中山路', '科技大道', '汽车城路', '迎宾大道', '长江路'];
const OPENING_TIMES = ['08:30', '08:00', '09:00'];
const CLOSING_TIMES = ['18:00', '18:30', '17:30'];
// Suspended from the network: routing must never pick them.
const INACTIVE_DEALER_CODES = new Set(['D-QD-003', 'D-CD-004', 'D-XA-003']);

/** 浦东新区 → 浦东, 高新区 → 高新, 南城街道 → 南城: the part of a district name a dealer's name carries. */
function shortDistrict(district: string): string {
  const withoutStreet = district.replace(/街道$/, '');
  if (/^.{2,}新区$/u.test(withoutStreet)) return withoutStreet.slice(0, -2);
  return withoutStreet.replace(/区$/, '');
}

/** The dealers: every city gets its share; capabilities, rescue, hours and capacity vary by a fixed pattern. */
export const DEALERS: DealerSeed[] = CITIES.flatMap((city, cityIndex) =>
  Array.from({ length: city.dealers }, (_unused, index): DealerSeed => {
    const code = `D-${city.key}-${String(index + 1).padStart(3, '0')}`;
    const nameIndex = (cityIndex * 3 + index) % TRADE_NAMES.length;
    const district = city.districts[index % city.districts.length];
    const pattern = cityIndex + index;
    // About one in nine is a sales-only showroom; a third of the others also run rescue.
    const capabilities: DealerCapability[] = pattern % 9 === 4 ? ['sales'] : pattern % 3 === 0 ? ['sales', 'service', 'rescue'] : ['sales', 'service'];
    // Deterministic spread 3–12 km from the centre, so dealers of one city differ in distance.
    const angle = ((cityIndex * 7 + index * 5) % 12) * (Math.PI / 6);
    const radius = 0.03 + ((index * 37 + cityIndex * 11) % 10) * 0.01;
    const openWeekends = pattern % 2 === 0;
    return {
      code,
      nameZh: `${city.city}${shortDistrict(district)}${TRADE_NAMES[nameIndex]}汽车销售服务有限公司`,
      nameEn: `${city.cityEn} ${TRADE_NAMES_EN[nameIndex]} Motors Sales & Service Co., Ltd.`,
      regionCode: city.regionCode,
      province: city.province,
      city: city.city,
      address: `${city.province === `${city.city}市` ? '' : city.province}${city.city}市${district}${ROADS[pattern % ROADS.length]}${88 + index * 17}号`,
      lat: Number((city.lat + radius * Math.sin(angle)).toFixed(5)),
      lng: Number((city.lng + radius * Math.cos(angle)).toFixed(5)),
      capabilities,
      rescue24h: capabilities.includes('rescue') && index % 2 === 0,
      businessHours: {
        // 4S stores sell at weekends; the others close on Sunday.
        weekdays: openWeekends ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3, 4, 5, 6],
        open: OPENING_TIMES[(cityIndex + index * 2) % OPENING_TIMES.length],
        close: CLOSING_TIMES[(cityIndex * 2 + index) % CLOSING_TIMES.length],
      },
      notificationEmails: [`service@${code.toLowerCase()}.dealer.example.cn`],
      capacity: 20 + ((cityIndex * 13 + index * 29) % 101),
      active: !INACTIVE_DEALER_CODES.has(code),
    };
  }),
);

export const DEPARTMENTS: DepartmentSeed[] = [
  { code: 'DEPT-TECH', nameZh: '技术部', nameEn: 'Technical' },
  { code: 'DEPT-SERVICE', nameZh: '售后服务部', nameEn: 'After-sales Service' },
  { code: 'DEPT-QUALITY', nameZh: '制造质量部', nameEn: 'Manufacturing Quality' },
  { code: 'DEPT-RND', nameZh: '研发中心', nameEn: 'R&D' },
  { code: 'DEPT-SALES', nameZh: '销售部', nameEn: 'Sales' },
  { code: 'DEPT-PARTS', nameZh: '配件部', nameEn: 'Parts' },
  { code: 'DEPT-PR-LEGAL', nameZh: '公关法务部', nameEn: 'PR & Legal' },
  { code: 'DEPT-CRM', nameZh: '客户关系部', nameEn: 'Customer Relations (QA)' },
];

interface NodeOptions {
  priority?: Priority;
  cc?: string[];
}

// [code, nameZh, nameEn, options, children]: short enough to read the whole tree at a glance.
type Node = [code: string, nameZh: string, nameEn: string, options?: NodeOptions, children?: Node[]];

/** Sub-types `${prefix}-${suffix}`; they inherit their parent's priority and copies unless they say otherwise. */
const subTypes = (prefix: string, items: Array<[suffix: string, nameZh: string, nameEn: string, options?: NodeOptions]>): Node[] =>
  items.map(([suffix, nameZh, nameEn, options]) => [`${prefix}-${suffix}`, nameZh, nameEn, options]);

const QUALITY_TECH = ['DEPT-QUALITY', 'DEPT-TECH'];
const HIGH_VOLTAGE = ['DEPT-TECH', 'DEPT-RND', 'DEPT-QUALITY'];
// A failure that endangers people at speed is P1 and PR/legal hear of it at once (media and liability risk).
const SAFETY_CRITICAL = (cc: string[]): NodeOptions => ({ priority: 'P1', cc: [...cc, 'DEPT-PR-LEGAL'] });

const TREE: Array<[TicketType, Node]> = [
  ['enquiry', ['C-ENQUIRY', '咨询', 'Enquiry', {}, [
    ['C-ENQUIRY-PRODUCT', '产品咨询', 'Product', {}, subTypes('C-ENQUIRY-PRODUCT', [['CONFIG', '配置参数', 'Configuration'], ['FEATURE', '功能使用', 'Feature use'], ['COMPARE', '车型对比', 'Model comparison']])],
    ['C-ENQUIRY-PRICE', '价格与促销', 'Price and promotion', { cc: ['DEPT-SALES'] }],
    ['C-ENQUIRY-MAINTENANCE', '保养维修', 'Service and maintenance', {}, subTypes('C-ENQUIRY-MAINTENANCE', [['INTERVAL', '保养周期', 'Service interval'], ['COST', '保养费用', 'Service cost']])],
    ['C-ENQUIRY-WARRANTY', '保修政策', 'Warranty policy', {}],
    ['C-ENQUIRY-CHARGING', '充电咨询', 'Charging', {}, subTypes('C-ENQUIRY-CHARGING', [['HOME', '家用充电桩安装', 'Home charger'], ['PUBLIC', '公共充电', 'Public charging']])],
    ['C-ENQUIRY-FINANCE', '金融保险', 'Finance and insurance', {}],
    ['C-ENQUIRY-DEALER', '经销商查询', 'Dealer location', {}],
    ['C-ENQUIRY-RECALL', '召回查询', 'Recall', { cc: ['DEPT-QUALITY'] }],
    ['C-ENQUIRY-OTHER', '其他咨询', 'Other', {}],
  ]]],
  ['complaint', ['C-COMPLAINT', '投诉', 'Complaint', {}, [
    ['C-COMPLAINT-PRODUCT', '产品质量', 'Product quality', { cc: QUALITY_TECH }, [
      ['C-COMPLAINT-PRODUCT-ENGINE', '发动机', 'Engine', { cc: QUALITY_TECH }, subTypes('C-COMPLAINT-PRODUCT-ENGINE', [['NOISE', '异响', 'Abnormal noise'], ['OIL-LEAK', '漏油', 'Oil leak'], ['POWER', '动力不足', 'Loss of power'], ['NO-START', '无法启动', "Won't start"]])],
      ['C-COMPLAINT-PRODUCT-BODY', '车身', 'Body', { cc: ['DEPT-QUALITY'] }, subTypes('C-COMPLAINT-PRODUCT-BODY', [['PAINT', '漆面', 'Paint'], ['RUST', '锈蚀', 'Rust'], ['WATER', '漏水', 'Water leak']])],
      ['C-COMPLAINT-PRODUCT-ELECTRICAL', '电器', 'Electrical', { cc: QUALITY_TECH }, subTypes('C-COMPLAINT-PRODUCT-ELECTRICAL', [['INFOTAINMENT', '车机死机', 'Infotainment freeze'], ['LIGHTS', '灯光故障', 'Lights'], ['BATTERY-12V', '小电瓶亏电', '12 V battery drain']])],
      ['C-COMPLAINT-PRODUCT-TRANSMISSION', '变速箱', 'Transmission', { cc: QUALITY_TECH }, subTypes('C-COMPLAINT-PRODUCT-TRANSMISSION', [['JERK', '换挡顿挫', 'Jerky shifting'], ['NOISE', '异响', 'Noise']])],
      ['C-COMPLAINT-PRODUCT-BRAKES', '制动系统', 'Brakes', { priority: 'P2', cc: QUALITY_TECH }, subTypes('C-COMPLAINT-PRODUCT-BRAKES', [['NOISE', '刹车异响', 'Brake noise'], ['SOFT', '刹车发软', 'Soft pedal'], ['FAILURE', '刹车失灵', 'Brake failure', SAFETY_CRITICAL(QUALITY_TECH)]])],
      ['C-COMPLAINT-PRODUCT-STEERING', '转向系统', 'Steering', { priority: 'P2', cc: QUALITY_TECH }, subTypes('C-COMPLAINT-PRODUCT-STEERING', [['HEAVY', '方向沉重', 'Heavy steering'], ['PULL', '跑偏', 'Pulling']])],
      ['C-COMPLAINT-PRODUCT-TYRES', '轮胎与车轮', 'Tyres and wheels', { cc: ['DEPT-QUALITY'] }, subTypes('C-COMPLAINT-PRODUCT-TYRES', [['BULGE', '鼓包', 'Bulge'], ['WEAR', '偏磨', 'Uneven wear']])],
      ['C-COMPLAINT-PRODUCT-SUSPENSION', '悬架', 'Suspension', { cc: QUALITY_TECH }, subTypes('C-COMPLAINT-PRODUCT-SUSPENSION', [['NOISE', '底盘异响', 'Chassis noise'], ['LEAK', '减震漏油', 'Shock absorber leak']])],
      ['C-COMPLAINT-PRODUCT-TRACTION-BATTERY', '动力电池与充电', 'Traction battery and charging', { priority: 'P2', cc: HIGH_VOLTAGE }, subTypes('C-COMPLAINT-PRODUCT-TRACTION-BATTERY', [['RANGE', '续航衰减', 'Range loss'], ['CHARGE-FAIL', '无法充电', 'Cannot charge'], ['OVERHEAT', '电池过热', 'Overheating', SAFETY_CRITICAL(HIGH_VOLTAGE)]])],
      ['C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE', '电驱系统', 'Electric drive', { cc: HIGH_VOLTAGE }, subTypes('C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE', [['NOISE', '电机异响', 'Motor noise'], ['POWER-CUT', '行驶中断电', 'Power cut while driving', SAFETY_CRITICAL(HIGH_VOLTAGE)]])],
      ['C-COMPLAINT-PRODUCT-AIRBAGS', '安全气囊与安全带', 'Airbags and belts', { priority: 'P2', cc: ['DEPT-QUALITY', 'DEPT-TECH', 'DEPT-PR-LEGAL'] }, subTypes('C-COMPLAINT-PRODUCT-AIRBAGS', [['WARNING', '气囊故障灯', 'Airbag warning light'], ['NOT-DEPLOYED', '气囊未弹出', 'Airbag did not deploy']])],
      ['C-COMPLAINT-PRODUCT-EXTRA', '附加设备', 'Extra equipment', { cc: ['DEPT-QUALITY'] }, subTypes('C-COMPLAINT-PRODUCT-EXTRA', [['AIRCON', '空调', 'Air conditioning'], ['ADAS', '辅助驾驶', 'Driver assistance']])],
    ]],
    ['C-COMPLAINT-SERVICE', '销售与服务', 'Sales and service', { cc: ['DEPT-SERVICE'] }, [
      ['C-COMPLAINT-SERVICE-SALES-FRAUD', '销售欺诈', 'Sales fraud', { priority: 'P2', cc: ['DEPT-SALES', 'DEPT-PR-LEGAL'] }, subTypes('C-COMPLAINT-SERVICE-SALES-FRAUD', [['USED-AS-NEW', '新车非新车', 'Used sold as new'], ['HIDDEN-FEES', '捆绑收费', 'Hidden fees']])],
      ['C-COMPLAINT-SERVICE-BROKEN-PROMISE', '承诺未兑现', 'Broken promises', { cc: ['DEPT-SALES'] }, subTypes('C-COMPLAINT-SERVICE-BROKEN-PROMISE', [['DELIVERY', '延迟交车', 'Late delivery'], ['GIFT', '赠品未兑现', 'Gift not given']])],
      ['C-COMPLAINT-SERVICE-ATTITUDE', '服务态度', 'Service attitude', { cc: ['DEPT-SERVICE'] }, subTypes('C-COMPLAINT-SERVICE-ATTITUDE', [['RUDE', '态度恶劣', 'Rude staff'], ['NO-RESPONSE', '不予理睬', 'No response']])],
      ['C-COMPLAINT-SERVICE-CHARGES', '服务收费', 'Service charges', { cc: ['DEPT-SERVICE'] }, subTypes('C-COMPLAINT-SERVICE-CHARGES', [['OVERCHARGE', '乱收费', 'Overcharging'], ['UNNEEDED', '过度维修', 'Unneeded work']])],
      ['C-COMPLAINT-SERVICE-SKILL', '维修技术', 'Technician skill', { cc: ['DEPT-SERVICE', 'DEPT-TECH'] }, subTypes('C-COMPLAINT-SERVICE-SKILL', [['REPEAT', '多次维修未修好', 'Repeat repair'], ['DAMAGE', '维修造成损坏', 'Damage by repair']])],
      ['C-COMPLAINT-SERVICE-PARTS', '配件纠纷', 'Parts disputes', { cc: ['DEPT-PARTS', 'DEPT-SERVICE'] }, subTypes('C-COMPLAINT-SERVICE-PARTS', [['SHORTAGE', '配件缺货', 'Parts shortage'], ['NOT-GENUINE', '非原厂配件', 'Non-genuine parts']])],
    ]],
    ['C-COMPLAINT-OTHER', '其他投诉', 'Other', { cc: ['DEPT-SERVICE'] }],
  ]]],
  ['roadside', ['C-ROADSIDE', '道路救援', 'Roadside assistance', { priority: 'P2', cc: ['DEPT-SERVICE'] }, [
    ['C-ROADSIDE-BREAKDOWN', '故障抛锚', 'Breakdown', { priority: 'P2', cc: ['DEPT-SERVICE'] }],
    ['C-ROADSIDE-ACCIDENT', '交通事故', 'Accident', { priority: 'P1', cc: ['DEPT-SERVICE', 'DEPT-QUALITY'] }],
    ['C-ROADSIDE-FLAT-TYRE', '爆胎/换胎', 'Flat tyre', { priority: 'P3', cc: [] }],
    ['C-ROADSIDE-BATTERY', '搭电', 'Battery jump-start', { priority: 'P3', cc: [] }],
    ['C-ROADSIDE-LOCKOUT', '钥匙锁车内', 'Lock-out', { priority: 'P3', cc: [] }],
    ['C-ROADSIDE-FUEL', '送油/缺电', 'Out of fuel or charge', { priority: 'P3', cc: [] }],
  ]]],
  ['suggestion', ['C-SUGGESTION', '建议', 'Suggestion', {}, [
    ['C-SUGGESTION-PRODUCT', '产品建议', 'Product', { cc: ['DEPT-RND'] }],
    ['C-SUGGESTION-SERVICE', '服务建议', 'Service', { cc: ['DEPT-SERVICE'] }],
    ['C-SUGGESTION-APP', '车主App建议', 'Owner app', { cc: ['DEPT-TECH'] }],
  ]]],
  ['praise', ['C-PRAISE', '表扬', 'Praise', {}, [
    ['C-PRAISE-DEALER', '表扬经销商', 'Dealer', {}],
    ['C-PRAISE-STAFF', '表扬员工', 'Staff member', {}],
    ['C-PRAISE-PRODUCT', '表扬产品', 'Product', { cc: ['DEPT-RND'] }],
  ]]],
  ['lead', ['C-LEAD', '销售线索', 'Sales lead', { cc: ['DEPT-SALES'] }, [
    ['C-LEAD-HOTLINE', '热线来电', 'Hotline call', { cc: ['DEPT-SALES'] }],
    ['C-LEAD-WEBSITE', '官网留资', 'Website', { cc: ['DEPT-SALES'] }],
    ['C-LEAD-AUTO-SHOW', '车展', 'Auto show', { cc: ['DEPT-SALES'] }],
    ['C-LEAD-REFERRAL', '老客户推荐', 'Referral', { cc: ['DEPT-SALES'] }],
    ['C-LEAD-APP', '车主App', 'Owner app', { cc: ['DEPT-SALES'] }],
  ]]],
];

/**
 * Keywords (zh and en) of the categories agents choose most: the category suggestions fall back to them before there is
 * enough confirmed history to learn from (shared/src/assist/keyword-rules.ts). Chinese ones match as substrings,
 * English ones by their stemmed words; a longer keyword weighs more.
 */
const CATEGORY_KEYWORDS: Record<string, string[]> = {
  'C-ENQUIRY-PRODUCT': ['配置', '参数', '功能', '怎么用', 'feature', 'specification'],
  'C-ENQUIRY-PRODUCT-CONFIG': ['配置参数', '配置', '参数', '版本区别', 'configuration', 'trim level'],
  'C-ENQUIRY-PRODUCT-FEATURE': ['怎么用', '如何使用', '怎么设置', '功能', 'how to use', 'feature'],
  'C-ENQUIRY-PRODUCT-COMPARE': ['对比', '区别', '哪个好', 'compare', 'difference'],
  'C-ENQUIRY-PRICE': ['价格', '优惠', '促销', '多少钱', '报价', 'price', 'discount', 'promotion'],
  'C-ENQUIRY-MAINTENANCE': ['保养', '维修', 'maintenance', 'service'],
  'C-ENQUIRY-MAINTENANCE-INTERVAL': ['保养周期', '多久保养', '首保', '公里保养', 'service interval', 'first service'],
  'C-ENQUIRY-MAINTENANCE-COST': ['保养费用', '保养多少钱', '保养价格', 'service cost', 'maintenance cost'],
  'C-ENQUIRY-WARRANTY': ['保修', '质保', '三包', '延保', 'warranty', 'guarantee'],
  'C-ENQUIRY-CHARGING': ['充电', '充电桩', 'charging', 'charger'],
  'C-ENQUIRY-CHARGING-HOME': ['家用充电桩', '安装充电桩', '充电桩安装', '私人桩', 'home charger', 'wallbox'],
  'C-ENQUIRY-CHARGING-PUBLIC': ['公共充电', '充电站', '超充', '快充', 'public charging', 'charging station'],
  'C-ENQUIRY-FINANCE': ['贷款', '分期', '首付', '保险', '金融', 'loan', 'finance', 'insurance'],
  'C-ENQUIRY-DEALER': ['经销商地址', '4s店', '附近', '门店', '地址', 'dealer location', 'nearest dealer'],
  'C-ENQUIRY-RECALL': ['召回', 'recall'],
  'C-COMPLAINT-PRODUCT-ENGINE': ['发动机', '引擎', '熄火', '抖动', 'engine', 'stall'],
  'C-COMPLAINT-PRODUCT-ENGINE-NOISE': ['发动机异响', '发动机噪音', 'engine noise', 'knocking'],
  'C-COMPLAINT-PRODUCT-ENGINE-OIL-LEAK': ['漏油', '渗油', '机油', 'oil leak'],
  'C-COMPLAINT-PRODUCT-ENGINE-POWER': ['动力不足', '加速无力', '没劲', 'loss of power', 'hesitation'],
  'C-COMPLAINT-PRODUCT-ENGINE-NO-START': ['无法启动', '打不着火', '启动不了', "won't start", 'no start'],
  'C-COMPLAINT-PRODUCT-BODY': ['车身', '车门', 'body', 'door'],
  'C-COMPLAINT-PRODUCT-BODY-PAINT': ['漆面', '掉漆', '色差', 'paint'],
  'C-COMPLAINT-PRODUCT-BODY-RUST': ['生锈', '锈蚀', 'rust', 'corrosion'],
  'C-COMPLAINT-PRODUCT-BODY-WATER': ['漏水', '进水', '渗水', 'water leak'],
  'C-COMPLAINT-PRODUCT-ELECTRICAL': ['电器', '电路', '线路', 'electrical', 'wiring'],
  'C-COMPLAINT-PRODUCT-ELECTRICAL-INFOTAINMENT': ['车机', '死机', '黑屏', '中控屏', '导航', 'infotainment', 'screen freeze'],
  'C-COMPLAINT-PRODUCT-ELECTRICAL-LIGHTS': ['大灯', '灯光', '尾灯', '不亮', 'headlight', 'light'],
  'C-COMPLAINT-PRODUCT-ELECTRICAL-BATTERY-12V': ['亏电', '电瓶', '蓄电池', '12v battery', 'battery drain'],
  'C-COMPLAINT-PRODUCT-TRANSMISSION': ['变速箱', '换挡', '挡位', 'transmission', 'gearbox', 'shift'],
  'C-COMPLAINT-PRODUCT-TRANSMISSION-JERK': ['顿挫', '换挡冲击', 'jerky shifting', 'harsh shift'],
  'C-COMPLAINT-PRODUCT-TRANSMISSION-NOISE': ['变速箱异响', 'transmission noise', 'gearbox whine'],
  'C-COMPLAINT-PRODUCT-BRAKES': ['刹车', '制动', '刹车片', 'brake'],
  'C-COMPLAINT-PRODUCT-BRAKES-NOISE': ['刹车异响', '刹车尖叫', 'brake noise', 'brake squeal'],
  'C-COMPLAINT-PRODUCT-BRAKES-SOFT': ['刹车发软', '刹车踏板软', 'soft pedal', 'spongy brake'],
  'C-COMPLAINT-PRODUCT-BRAKES-FAILURE': ['刹车失灵', '刹不住', '制动失效', 'brake failure', 'brakes failed'],
  'C-COMPLAINT-PRODUCT-STEERING': ['方向盘', '转向', 'steering'],
  'C-COMPLAINT-PRODUCT-STEERING-HEAVY': ['方向沉', '方向盘重', '转向沉重', 'heavy steering', 'stiff steering'],
  'C-COMPLAINT-PRODUCT-STEERING-PULL': ['跑偏', '方向盘不正', 'pulls to', 'pulling'],
  'C-COMPLAINT-PRODUCT-TYRES': ['轮胎', '轮毂', 'tyre', 'tire', 'wheel'],
  'C-COMPLAINT-PRODUCT-TYRES-BULGE': ['鼓包', 'tyre bulge', 'tire bulge'],
  'C-COMPLAINT-PRODUCT-TYRES-WEAR': ['偏磨', '吃胎', 'uneven wear', 'tire wear'],
  'C-COMPLAINT-PRODUCT-SUSPENSION': ['悬架', '悬挂', '减震', 'suspension', 'shock absorber'],
  'C-COMPLAINT-PRODUCT-SUSPENSION-NOISE': ['底盘异响', '过减速带响', 'chassis noise', 'clunk'],
  'C-COMPLAINT-PRODUCT-SUSPENSION-LEAK': ['减震漏油', '减震器漏油', 'shock leak', 'strut leak'],
  'C-COMPLAINT-PRODUCT-TRACTION-BATTERY': ['动力电池', '电池', '续航', 'traction battery', 'range'],
  'C-COMPLAINT-PRODUCT-TRACTION-BATTERY-RANGE': ['续航衰减', '续航缩水', '续航下降', 'range loss'],
  'C-COMPLAINT-PRODUCT-TRACTION-BATTERY-CHARGE-FAIL': ['无法充电', '充不上电', '充电失败', 'cannot charge', 'charging fail'],
  'C-COMPLAINT-PRODUCT-TRACTION-BATTERY-OVERHEAT': ['电池过热', '电池冒烟', '电池高温', 'battery overheat', 'smoke'],
  'C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE': ['电机', '电驱', 'electric motor', 'drive unit'],
  'C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE-NOISE': ['电机异响', '电机啸叫', 'motor noise', 'motor whine'],
  'C-COMPLAINT-PRODUCT-ELECTRIC-DRIVE-POWER-CUT': ['行驶中断电', '突然断电', '失去动力', 'power cut', 'lost propulsion'],
  'C-COMPLAINT-PRODUCT-AIRBAGS': ['气囊', '安全带', 'airbag', 'seat belt'],
  'C-COMPLAINT-PRODUCT-AIRBAGS-WARNING': ['气囊故障灯', '气囊灯亮', 'airbag warning light', 'airbag light'],
  'C-COMPLAINT-PRODUCT-AIRBAGS-NOT-DEPLOYED': ['气囊未弹出', '气囊没弹', 'airbag did not deploy', 'not deploy'],
  'C-COMPLAINT-PRODUCT-EXTRA-AIRCON': ['空调', '不制冷', '暖风', 'air conditioning', 'climate control'],
  'C-COMPLAINT-PRODUCT-EXTRA-ADAS': ['辅助驾驶', '自适应巡航', '车道保持', '雷达', 'adaptive cruise', 'lane assist'],
  'C-COMPLAINT-SERVICE-SALES-FRAUD': ['欺诈', '欺骗', '隐瞒', 'fraud'],
  'C-COMPLAINT-SERVICE-SALES-FRAUD-USED-AS-NEW': ['二手车当新车', '新车非新车', '里程数不对', '试驾车', 'used as new'],
  'C-COMPLAINT-SERVICE-SALES-FRAUD-HIDDEN-FEES': ['捆绑', '强制购买', '加价', '金融服务费', 'hidden fee', 'markup'],
  'C-COMPLAINT-SERVICE-BROKEN-PROMISE-DELIVERY': ['交车延迟', '延迟交车', '迟迟不交车', '提车', 'late delivery'],
  'C-COMPLAINT-SERVICE-BROKEN-PROMISE-GIFT': ['赠品', '送的', '承诺', 'gift', 'promised'],
  'C-COMPLAINT-SERVICE-ATTITUDE-RUDE': ['态度差', '态度恶劣', '骂人', '不耐烦', 'rude', 'impolite'],
  'C-COMPLAINT-SERVICE-ATTITUDE-NO-RESPONSE': ['没人理', '不回复', '不接电话', '推诿', 'no response', 'ignored'],
  'C-COMPLAINT-SERVICE-CHARGES-OVERCHARGE': ['乱收费', '收费不合理', '多收费', 'overcharge'],
  'C-COMPLAINT-SERVICE-CHARGES-UNNEEDED': ['过度维修', '没必要换', '小病大修', 'unneeded', 'unnecessary repair'],
  'C-COMPLAINT-SERVICE-SKILL-REPEAT': ['多次维修', '修不好', '反复维修', '返修', 'repeat repair'],
  'C-COMPLAINT-SERVICE-SKILL-DAMAGE': ['修坏', '维修后', '刮伤', 'damaged during repair'],
  'C-COMPLAINT-SERVICE-PARTS-SHORTAGE': ['缺货', '等配件', '没有配件', 'parts shortage', 'back order'],
  'C-COMPLAINT-SERVICE-PARTS-NOT-GENUINE': ['非原厂', '副厂件', '假配件', 'non-genuine', 'aftermarket part'],
  'C-ROADSIDE-BREAKDOWN': ['抛锚', '趴窝', '开不动', '故障', 'breakdown', 'broke down'],
  'C-ROADSIDE-ACCIDENT': ['事故', '撞车', '追尾', '碰撞', 'accident', 'collision', 'crash'],
  'C-ROADSIDE-FLAT-TYRE': ['爆胎', '换胎', '扎胎', '没气', 'flat tyre', 'flat tire', 'puncture'],
  'C-ROADSIDE-BATTERY': ['搭电', '没电', '电瓶没电', 'jump start', 'dead battery'],
  'C-ROADSIDE-LOCKOUT': ['钥匙锁车里', '锁车内', '钥匙丢', 'locked out', 'key inside'],
  'C-ROADSIDE-FUEL': ['没油', '送油', '缺电', '电量耗尽', 'out of fuel', 'out of charge'],
  'C-SUGGESTION-PRODUCT': ['希望增加', '建议增加', '改进', '设计', 'suggest adding', 'improve'],
  'C-SUGGESTION-SERVICE': ['服务建议', '希望门店', '流程', '等待时间', 'service suggestion', 'waiting time'],
  'C-SUGGESTION-APP': ['app', '应用', '小程序', '远程控制', 'owner app', 'mobile app'],
  'C-PRAISE-DEALER': ['感谢门店', '4s店很好', '经销商', '服务周到', 'great dealer'],
  'C-PRAISE-STAFF': ['表扬', '感谢', '师傅', '顾问', '耐心', 'thank', 'helpful staff'],
  'C-PRAISE-PRODUCT': ['好开', '满意', '喜欢这车', '省油', 'love the car', 'great car'],
  'C-LEAD-HOTLINE': ['想买', '购车', '试驾', '预约试驾', 'test drive', 'buy'],
  'C-LEAD-WEBSITE': ['官网', '留资', '网站', 'website', 'online form'],
  'C-LEAD-AUTO-SHOW': ['车展', 'auto show', 'motor show'],
  'C-LEAD-REFERRAL': ['朋友推荐', '老客户推荐', '介绍', 'referral', 'recommended by'],
  'C-LEAD-APP': ['车主app', 'app上', '小程序', 'owner app'],
};

function flatten(ticketType: TicketType, node: Node, parentCode: string | null, inherited: Pick<CategorySeed, 'defaultPriority' | 'ccDepartmentCodes'>): CategorySeed[] {
  const [code, nameZh, nameEn, options = {}, children = []] = node;
  const own: CategorySeed = {
    code,
    parentCode,
    ticketType,
    nameZh,
    nameEn,
    defaultPriority: options.priority ?? inherited.defaultPriority,
    ccDepartmentCodes: [...new Set(options.cc ?? inherited.ccDepartmentCodes)],
    keywords: CATEGORY_KEYWORDS[code] ?? [],
  };
  const forChildren = { defaultPriority: own.defaultPriority, ccDepartmentCodes: own.ccDepartmentCodes };
  return [own, ...children.flatMap((child) => flatten(ticketType, child, code, forChildren))];
}

/** The category tree, parents before children: one root per ticket type, linked by `parentCode`. */
export const CATEGORIES: CategorySeed[] = TREE.flatMap(([ticketType, root]) => flatten(ticketType, root, null, { ccDepartmentCodes: [] }));
