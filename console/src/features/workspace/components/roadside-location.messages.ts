import { defineMessages } from '../../../i18n/messages';

/** The roadside location block's words: loaded with it (RoadsideLocationFields), not with the workspace. */
export const roadsideLocationMessages = defineMessages({
  'zh-CN': {
    'workspace.location.picker': '省 / 市 / 区县',
    'workspace.location.pickerPlaceholder': '选择省、市、区县（填入地址开头）',
    'workspace.location.coordinates': '坐标（可选）',
    'workspace.location.coordinatesRule': '粘贴“纬度, 经度”，如 30.2741, 120.1551；“经度, 纬度”也可：73–135 之间的数为经度。仅限中国境内。',
    'workspace.location.invalid.unreadable': '请输入两个数字：纬度, 经度',
    'workspace.location.invalid.outside_china': '坐标不在中国境内（纬度 3.5–53.6，经度 73.4–135.1），请检查是否输错',
    'workspace.location.typed': '按输入的坐标计算距离：纬度 {lat}，经度 {lng}（精确位置）',
    'workspace.location.geocoded': '地址定位到：{place}（{precision}，{lat}, {lng}），按此计算距离',
    'workspace.location.precision.district': '区县中心',
    'workspace.location.precision.city': '城市中心',
    'workspace.location.precision.province': '省份中心',
    'workspace.location.coarse': '定位较粗：请补充区县或输入坐标，“最近的救援站”才准确。',
    'workspace.location.unknown': '距离未知：无法从地址定位到省市区',
    'workspace.location.unknownHint': '请补充省市区、用上方选择器或输入坐标。否则“离事发地最近”无法计算，不会改用客户住址。',
    'workspace.location.fromPicker': '坐标为所选区县的中心，保存时按地址定位。',
  },
  en: {
    'workspace.location.picker': 'Province / city / district',
    'workspace.location.pickerPlaceholder': 'Pick province, city, district (fills the address start)',
    'workspace.location.coordinates': 'Coordinates (optional)',
    'workspace.location.coordinatesRule': 'Paste "lat, lng", e.g. 30.2741, 120.1551; "lng, lat" works too: the number between 73 and 135 is the longitude. China only.',
    'workspace.location.invalid.unreadable': 'Enter two numbers: latitude, longitude',
    'workspace.location.invalid.outside_china': 'Not in China (lat 3.5–53.6, lng 73.4–135.1): check for a typo',
    'workspace.location.typed': 'Distances from the typed point: lat {lat}, lng {lng} (exact)',
    'workspace.location.geocoded': 'The address resolves to {place} ({precision}, {lat}, {lng}); distances are measured from there',
    'workspace.location.precision.district': 'district centre',
    'workspace.location.precision.city': 'city centre',
    'workspace.location.precision.province': 'province centre',
    'workspace.location.coarse': 'Coarse: add the district or coordinates so "nearest rescue dealer" is accurate.',
    'workspace.location.unknown': 'Distance unknown: the address names no province, city or district',
    'workspace.location.unknownHint': 'Add province/city/district, use the picker above or type coordinates. Otherwise "nearest to the incident" cannot be measured (the customer\'s home is not used instead).',
    'workspace.location.fromPicker': 'The coordinates are the picked district\'s centre; on save the address is geocoded.',
  },
});
