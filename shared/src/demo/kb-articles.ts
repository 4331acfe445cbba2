/**
 * Demo knowledge-base articles (知识库): written for careline's demo and tests, not taken from any car maker. The
 * models are the demo's own (generate.ts); policies, intervals and figures are plausible, not any brand's real terms.
 * Mostly Chinese, some English; some for agents only (口径 the hotline keeps to itself), most for everyone.
 */
import type { KbAudienceValue } from '../kb/kb.schemas';

export interface DemoKbArticle {
  title: string;
  body: string;
  models: string[];
  yearFrom?: number;
  yearTo?: number;
  symptoms: string[];
  audience: KbAudienceValue;
  /** Left a draft in the demo (the editor's work in progress). */
  draft?: boolean;
}

const EV = ['远航 S5 (EV)', '远航 S7 (EV)'];
const PHEV = ['星途 L7 PHEV', '驰骋 M8 PHEV'];

export const DEMO_KB_ARTICLES: DemoKbArticle[] = [
  {
    title: '整车质保政策（3年或10万公里）',
    body: `## 质保范围\n\n新车整车质保 **3 年或 10 万公里**（以先到者为准），自开具购车发票之日起计算。\n\n- 易损件（刹车片、雨刮片、轮胎、灯泡）不在整车质保范围内，按各自的质保期执行；\n- 改装、事故或未按规定保养导致的故障不予质保；\n- 二手车过户后，剩余质保期随车转移。\n\n## 坐席口径\n\n客户询问质保时先核对 VIN 与购车日期，再告知剩余质保期。涉及争议的，记录诉求并派发给经销商服务经理。`,
    models: [],
    symptoms: ['质保', '保修', '索赔'],
    audience: 'everyone',
  },
  {
    title: '三电系统质保：动力电池 8 年或 16 万公里',
    body: `新能源车型的动力电池、驱动电机和电控系统（"三电"）享受 **8 年或 16 万公里** 质保。\n\n电池容量衰减至初始容量的 70% 以下，且在质保期内，可申请免费维修或更换电池模组。首任车主个人用户可享终身电池质保（营运车辆除外）。\n\n客户来电反映续航明显下降时，建议到店做电池健康度（SOH）检测。`,
    models: [...EV, ...PHEV],
    yearFrom: 2019,
    symptoms: ['电池衰减', '续航下降', '三电质保'],
    audience: 'everyone',
  },
  {
    title: '常规保养周期与项目',
    body: `燃油车型：首保 **5,000 公里或 6 个月**，之后每 **10,000 公里或 12 个月** 保养一次。\n\n| 里程 | 主要项目 |\n| --- | --- |\n| 10,000 km | 机油、机滤 |\n| 20,000 km | 机油、机滤、空调滤芯 |\n| 40,000 km | 另加空气滤芯、火花塞、制动液 |\n\n纯电车型每 **20,000 公里或 12 个月** 检查一次，主要为制动液、冷却液、空调滤芯和底盘检查。`,
    models: [],
    symptoms: ['保养', '保养周期', '机油'],
    audience: 'everyone',
  },
  {
    title: '12V 小电瓶亏电：车辆无法启动的处理',
    body: `### 现象\n\n车辆长时间停放后无法解锁或无法上电，仪表无显示，遥控钥匙无反应。\n\n### 原因\n\n12V 低压蓄电池亏电。常见于停放超过两周、加装行车记录仪长时间供电、车门或后备箱未关严。\n\n### 处理\n\n1. 用机械钥匙开门，连接搭电线或应急启动电源；\n2. 纯电车型上电后，动力电池会自动给 12V 电瓶补电，保持上电状态 30 分钟以上；\n3. 一个月内反复亏电的，建议到店检测静态电流（暗电流）。\n\n需要道路救援的，按救援流程派单。`,
    models: [],
    symptoms: ['亏电', '无法启动', '小电瓶', '搭电'],
    audience: 'everyone',
  },
  {
    title: '12V battery drain after the car sits for a week',
    body: `**Symptom:** the car will not unlock or power up after standing for several days; the dash stays dark.\n\n**Likely cause:** a drained 12 V battery — a dash camera on permanent power, a door or tailgate not fully closed, or an aftermarket alarm.\n\n**What to tell the customer:** jump-start with a booster pack; on EVs keep the car in READY for at least 30 minutes so the traction battery recharges the 12 V battery. If it happens again within a month, book a parasitic draw test at the dealer.`,
    models: [],
    symptoms: ['battery drain', 'no start', 'jump start'],
    audience: 'everyone',
  },
  {
    title: '制动异响（刹车尖叫、金属摩擦声）排查',
    body: `客户反映低速刹车时有尖锐异响或金属摩擦声，按以下顺序排查：\n\n1. **刹车片磨损报警片** 接触刹车盘：刹车片剩余厚度低于 3 mm 时会发出尖叫声，需更换刹车片；\n2. 新车或长期停放后刹车盘表面 **浮锈**，轻踩刹车行驶数公里即可消除；\n3. 雨天或洗车后的短暂异响属正常现象；\n4. 持续的"咯噔"声或方向盘抖动，可能是刹车盘变形，需到店检查。\n\n如伴随刹车踏板变软、制动距离变长，按**安全类投诉**处理，立即建议客户停驶并派发经销商。`,
    models: [],
    symptoms: ['刹车异响', '制动异响', '刹车尖叫'],
    audience: 'everyone',
  },
  {
    title: 'Brake squeal and grinding noise: first checks',
    body: `A high-pitched squeal when braking at low speed is usually the pad wear indicator touching the disc (pads below 3 mm): replace the pads. Grinding after rain or a car wash is surface rust and clears after a few stops.\n\nIf the brake pedal feels **spongy** or sinks to the floor, or braking distances grow, treat it as a **safety complaint**: advise the customer not to drive and dispatch to the dealer at once.`,
    models: [],
    symptoms: ['brake noise', 'squeal', 'spongy pedal'],
    audience: 'everyone',
  },
  {
    title: '发动机冷启动异响的常见原因',
    body: `冷启动后 1–2 分钟内发动机舱有"哒哒"声，多为液压挺柱在机油压力建立前的正常声响，热车后消失即属正常。\n\n以下情况需到店检查：\n\n- 热车后异响仍不消失；\n- 异响伴随发动机故障灯点亮或动力下降；\n- 皮带区域的尖锐"吱吱"声（发电机或空调皮带打滑）。\n\n坐席记录异响出现的时机（冷车/热车、怠速/加速）和持续时间，便于经销商复现。`,
    models: ['锐行 X3', '锐行 X5', '星途 L5'],
    yearFrom: 2017,
    symptoms: ['发动机异响', '冷启动异响', '皮带异响'],
    audience: 'everyone',
  },
  {
    title: '车机黑屏、死机或反复重启的处理',
    body: `### 临时处理\n\n长按中控屏音量旋钮 **10 秒** 强制重启车机系统；重启后仍黑屏的，熄火锁车 10 分钟后再上电。\n\n### 升级\n\n车机版本低于 **V3.2** 的车辆存在导航与蓝牙同时使用时死机的问题，可通过 OTA 升级修复：设置 → 系统 → 软件更新。\n\n### 派单\n\n一周内死机三次以上、或影响倒车影像显示的，作为产品质量投诉派发经销商。`,
    models: [...EV, '星途 L7 PHEV', '驰骋 M8 PHEV'],
    yearFrom: 2020,
    symptoms: ['车机死机', '黑屏', '重启', '中控屏'],
    audience: 'everyone',
  },
  {
    title: 'Infotainment screen freezes or keeps rebooting',
    body: `Hold the volume knob for **10 seconds** to restart the head unit. If the screen stays black, switch off, lock the car for ten minutes and power up again.\n\nHead units below software **V3.2** can freeze when navigation and Bluetooth audio run together; the OTA update fixes it (Settings → System → Software update).\n\nRepeated freezes (three a week or more), or a missing reversing camera image, go to the dealer as a product complaint.`,
    models: [...EV, ...PHEV],
    yearFrom: 2020,
    symptoms: ['infotainment freeze', 'screen reboot', 'black screen'],
    audience: 'everyone',
  },
  {
    title: '家用充电桩安装条件与流程',
    body: `购买纯电或插混车型的客户可申请免费安装家用 7kW 交流充电桩（含 30 米线缆）。\n\n**安装条件：** 固定车位、物业同意、电力报装完成（单相 220V，电表容量不低于 40A）。\n\n**流程：** 购车后在 App 提交申请 → 安装服务商 48 小时内联系勘测 → 勘测通过后 7 个工作日内安装。\n\n物业不同意安装的，可改为赠送公共充电桩充电卡（价值 2,000 元）。`,
    models: [...EV, ...PHEV],
    symptoms: ['充电桩', '安装', '家充'],
    audience: 'everyone',
  },
  {
    title: '无法充电或充电中断的排查',
    body: `按以下步骤帮助客户排查：\n\n1. 确认充电枪插到位，仪表显示"充电连接"；\n2. 检查车辆是否设置了 **预约充电**（设置 → 充电 → 预约），预约时间外不会开始充电；\n3. 公共快充桩报"绝缘故障"时，换一个充电桩再试；\n4. 冬季低温下电池需先加热，快充功率会明显降低，属正常；\n5. 所有充电桩都无法充电的，可能是车载充电机（OBC）故障，需要派发经销商并视情况安排救援。`,
    models: [...EV, ...PHEV],
    symptoms: ['无法充电', '充电中断', '充电故障', '快充'],
    audience: 'everyone',
  },
  {
    title: 'Charging stops or will not start',
    body: `Check that the connector is fully latched and the cluster shows *charging connected*. A **scheduled charge** (Settings → Charging → Schedule) waits for its window. On a public DC charger that reports an insulation fault, try another charger. In cold weather the battery warms up first and DC power is low: that is normal. If no charger works at all, the on-board charger may have failed: dispatch to the dealer and offer roadside assistance if needed.`,
    models: [...EV, ...PHEV],
    symptoms: ['charging fault', 'will not charge', 'DC fast charge'],
    audience: 'everyone',
  },
  {
    title: '冬季续航下降说明',
    body: `气温低于 0°C 时，纯电车型续航通常下降 **20%–35%**：电池活性降低，且空调制热耗电较多。\n\n建议客户：出发前预约预热（App 远程开启空调）、优先使用座椅加热和方向盘加热、保持电量在 20% 以上。\n\n续航下降超过 40% 或夏季也明显下降的，建议到店检测电池健康度。`,
    models: EV,
    symptoms: ['续航下降', '冬季续航', '掉电快'],
    audience: 'everyone',
  },
  {
    title: '召回查询与召回活动办理',
    body: `客户询问是否在召回范围内时，按 VIN 在召回系统中查询。\n\n- 在召回范围内：告知召回编号、召回原因和免费维修内容，建议客户预约就近经销商；\n- 不在范围内：如实告知，并记录客户反映的问题；\n- 召回信息以国家市场监督管理总局缺陷产品管理中心公告为准。\n\n召回维修不收取任何费用，经销商不得以任何理由拒绝。`,
    models: [],
    symptoms: ['召回', '召回查询'],
    audience: 'everyone',
  },
  {
    title: '【内部口径】召回未公告前的客户应答',
    body: `在召回正式公告前，坐席**不得**向客户确认召回计划或时间。\n\n统一口径："我们已记录您反映的情况，厂家质量部门正在跟进，有进一步消息会第一时间通知您。"\n\n同时将工单抄送质量部，类别选择"产品质量"，并在内部备注中注明客户提及的召回传闻来源。`,
    models: [],
    symptoms: ['召回', '内部口径'],
    audience: 'agents',
  },
  {
    title: '【内部口径】客户要求退换车的应对',
    body: `客户提出退车、换车诉求时：\n\n1. 安抚情绪，不承诺、不否认；\n2. 核对是否符合三包规定（如 60 日或 3,000 公里内转向、制动系统严重故障）；\n3. 符合条件的，升级班长并抄送客户关系部；不符合的，说明政策依据并提供维修方案。\n\n禁止向客户透露以往的退换车案例或补偿金额。`,
    models: [],
    symptoms: ['退车', '换车', '三包', '投诉升级'],
    audience: 'agents',
  },
  {
    title: '【内部口径】媒体或网络曝光投诉的处理',
    body: `客户表示将向媒体、12315 或社交平台投诉时，工单标记为 **高风险**，优先级设为 P1，并在 30 分钟内通知班长。\n\n坐席不对事件定性，不评价经销商；记录客户诉求原文，由客户关系部统一回复。`,
    models: [],
    symptoms: ['媒体曝光', '12315', '舆情'],
    audience: 'agents',
  },
  {
    title: '道路救援服务范围',
    body: `质保期内车辆可享受 **免费道路救援**：搭电、换备胎、送油/送电（移动充电）、50 公里内拖车至就近授权经销商。\n\n超出 50 公里的拖车按每公里 8 元收费。高速公路上的故障请客户先拨打 122 并撤离至护栏外。`,
    models: [],
    symptoms: ['道路救援', '拖车', '搭电'],
    audience: 'everyone',
  },
  {
    title: '空调异味与制冷效果差',
    body: `空调出风有霉味，多为空调滤芯脏污或蒸发箱潮湿：建议更换空调滤芯并做蒸发箱清洗，停车前 2 分钟关闭 A/C 保持风机运转，可减少异味。\n\n制冷效果差的，检查冷媒是否不足、冷凝器是否被杂物堵塞。`,
    models: [],
    symptoms: ['空调异味', '制冷差', '空调'],
    audience: 'everyone',
  },
  {
    title: '插混车型发动机频繁启动说明',
    body: `插混车型在以下情况下发动机会自动启动，属正常：电量低于保电阈值、急加速需要更大功率、冬季暖风需求、电池温度过低。\n\n客户希望更多纯电行驶时，可在设置中提高保电电量或切换至 EV 优先模式。`,
    models: PHEV,
    yearFrom: 2020,
    symptoms: ['发动机频繁启动', '插混', '油耗高'],
    audience: 'everyone',
  },
  {
    title: 'OTA 远程升级失败的处理（草稿）',
    body: `升级失败时车辆会自动回滚到原版本，不影响行驶。请客户保持车辆在网络良好处、电量 30% 以上重试。\n\n（待补充：V3.4 版本的已知问题）`,
    models: [...EV, ...PHEV],
    symptoms: ['OTA', '升级失败'],
    audience: 'everyone',
    draft: true,
  },
];
