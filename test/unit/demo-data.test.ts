import { validateCustomerName } from '../../shared/src/customers/customer-name';
import { isValidMobile } from '../../shared/src/customers/phone';
import { isValidVin } from '../../shared/src/customers/vin';
import { createRng, generateCustomers, generateTicketSpecs, type CustomerSeed, type TicketSpec } from '../../shared/src/demo/generate';
import { NHTSA_SUMMARIES, NHTSA_SUMMARIES_BY_CATEGORY } from '../../shared/src/demo/nhtsa-summaries';
import { CATEGORIES, CITIES, DEALERS, DEPARTMENTS, REGIONS, type CategorySeed } from '../../shared/src/demo/reference-data';
import { CHANNELS, PRIORITIES, PURCHASE_TIMINGS, TICKET_STATUSES, TICKET_TYPES, type TicketType } from '../../shared/src/tickets/ticket-vocabulary';

const NOW = new Date('2026-11-23T00:00:00Z');
const DAY_MS = 86_400_000;
const categoryByCode = new Map(CATEGORIES.map((category) => [category.code, category]));
const dealerByCode = new Map(DEALERS.map((dealer) => [dealer.code, dealer]));
const cityByName = new Map(CITIES.map((city) => [city.city, city]));

/** Kilometres between two points (haversine). */
function distanceKm(from: { lat: number; lng: number }, to: { lat: number; lng: number }): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const latitude = radians(to.lat - from.lat);
  const longitude = radians(to.lng - from.lng);
  const a = Math.sin(latitude / 2) ** 2 + Math.cos(radians(from.lat)) * Math.cos(radians(to.lat)) * Math.sin(longitude / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

function isInsideChina(point: { lat: number; lng: number }): boolean {
  return point.lat > 18 && point.lat < 54 && point.lng > 73 && point.lng < 135;
}

function count<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe('regions and dealers', () => {
  it('has at least 8 regions with unique codes', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(REGIONS.map((region) => region.code)).size).toBe(REGIONS.length);
    for (const region of REGIONS) expect(region.code).toMatch(/^R-[A-Z0-9-]+$/);
  });

  it('has at least 60 dealers over at least 12 provinces, including the big markets', () => {
    expect(DEALERS.length).toBeGreaterThanOrEqual(60);
    const provinces = new Set(DEALERS.map((dealer) => dealer.province));
    expect(provinces.size).toBeGreaterThanOrEqual(12);
    for (const province of ['北京市', '上海市', '广东省', '江苏省', '浙江省', '四川省', '湖北省', '湖南省', '山东省', '河南省', '陕西省', '辽宁省', '福建省', '重庆市', '天津市', '黑龙江省']) {
      expect(provinces).toContain(province);
    }
    expect(new Set(DEALERS.filter((dealer) => dealer.province === '广东省').map((dealer) => dealer.city)).size).toBeGreaterThanOrEqual(3);
  });

  it('gives every dealer a unique code, a known region, its mailbox and a capacity of 20–120', () => {
    const regionCodes = new Set(REGIONS.map((region) => region.code));
    expect(dealerByCode.size).toBe(DEALERS.length);
    for (const dealer of DEALERS) {
      expect(dealer.code).toMatch(/^D-[A-Z]+-\d{3}$/);
      expect(regionCodes).toContain(dealer.regionCode);
      expect(dealer.nameZh).toMatch(/^.{4,}汽车销售服务有限公司$/);
      expect(dealer.nameEn).toMatch(/Co\., Ltd\.$/);
      expect(dealer.notificationEmails).toEqual([`service@${dealer.code.toLowerCase()}.dealer.example.cn`]);
      expect(dealer.capacity).toBeGreaterThanOrEqual(20);
      expect(dealer.capacity).toBeLessThanOrEqual(120);
      expect(dealer.address.startsWith(dealer.province === `${dealer.city}市` ? dealer.city : dealer.province)).toBe(true);
    }
  });

  it('places dealers inside China, within 15 km of their real city centre, and apart from each other', () => {
    for (const dealer of DEALERS) {
      const city = cityByName.get(dealer.city);
      expect(city).toBeDefined();
      expect(isInsideChina(dealer)).toBe(true);
      expect(distanceKm(dealer, city!)).toBeLessThan(15);
    }
    expect(new Set(DEALERS.map((dealer) => `${dealer.lat},${dealer.lng}`)).size).toBe(DEALERS.length);
    // Spot checks against the real cities: a wrong sign or swapped axes would land far away.
    expect(distanceKm(cityByName.get('上海')!, { lat: 31.23, lng: 121.47 })).toBeLessThan(5);
    expect(distanceKm(cityByName.get('成都')!, { lat: 30.66, lng: 104.06 })).toBeLessThan(15);
    expect(distanceKm(cityByName.get('哈尔滨')!, { lat: 45.75, lng: 126.65 })).toBeLessThan(15);
  });

  it('mixes capabilities, rescue, hours and activity the way a network does', () => {
    const share = (predicate: (dealer: (typeof DEALERS)[number]) => boolean) => DEALERS.filter(predicate).length / DEALERS.length;
    expect(share((dealer) => dealer.capabilities.includes('sales') && dealer.capabilities.includes('service'))).toBeGreaterThan(0.75);
    const rescue = share((dealer) => dealer.capabilities.includes('rescue'));
    expect(rescue).toBeGreaterThan(0.2);
    expect(rescue).toBeLessThan(0.45);
    const inactive = DEALERS.filter((dealer) => !dealer.active).length;
    expect(inactive).toBeGreaterThanOrEqual(2);
    expect(inactive).toBeLessThanOrEqual(3);
    expect(DEALERS[0].active).toBe(true);
    for (const dealer of DEALERS) {
      if (dealer.rescue24h) expect(dealer.capabilities).toContain('rescue');
      const { weekdays, open, close } = dealer.businessHours;
      expect(open).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(close).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(open < close).toBe(true);
      expect(weekdays.length).toBeGreaterThan(0);
      for (const weekday of weekdays) expect([1, 2, 3, 4, 5, 6, 7]).toContain(weekday);
    }
    expect(DEALERS.some((dealer) => dealer.businessHours.weekdays.includes(7))).toBe(true);
    expect(DEALERS.some((dealer) => !dealer.businessHours.weekdays.includes(7))).toBe(true);
    expect(new Set(DEALERS.map((dealer) => `${dealer.businessHours.open}-${dealer.businessHours.close}`)).size).toBeGreaterThan(1);
  });
});

describe('departments', () => {
  it('are the departments of the brief', () => {
    expect(DEPARTMENTS.map((department) => department.code).sort()).toEqual(
      ['DEPT-CRM', 'DEPT-PARTS', 'DEPT-PR-LEGAL', 'DEPT-QUALITY', 'DEPT-RND', 'DEPT-SALES', 'DEPT-SERVICE', 'DEPT-TECH'].sort(),
    );
    expect(DEPARTMENTS.find((department) => department.code === 'DEPT-CRM')?.nameZh).toBe('客户关系部');
  });
});

describe('category tree', () => {
  const children = (code: string) => CATEGORIES.filter((category) => category.parentCode === code);

  it('has unique codes, existing parents of the same ticket type, and no cycles', () => {
    expect(categoryByCode.size).toBe(CATEGORIES.length);
    for (const category of CATEGORIES) {
      const visited = new Set<string>();
      let cursor: CategorySeed = category;
      while (cursor.parentCode !== null) {
        expect(visited.has(cursor.code)).toBe(false);
        visited.add(cursor.code);
        const parent = categoryByCode.get(cursor.parentCode);
        expect(parent).toBeDefined();
        expect(parent!.ticketType).toBe(category.ticketType);
        expect(category.code.startsWith(`${parent!.code}-`)).toBe(true);
        cursor = parent!;
      }
    }
  });

  it('has exactly one root per ticket type', () => {
    for (const type of TICKET_TYPES) {
      expect(CATEGORIES.filter((category) => category.ticketType === type && category.parentCode === null)).toHaveLength(1);
    }
  });

  it('copies only known departments and uses known priorities', () => {
    const departmentCodes = new Set(DEPARTMENTS.map((department) => department.code));
    for (const category of CATEGORIES) {
      for (const code of category.ccDepartmentCodes) expect(departmentCodes).toContain(code);
      if (category.defaultPriority !== undefined) expect(PRIORITIES).toContain(category.defaultPriority);
      expect(category.nameZh.length).toBeGreaterThan(0);
      expect(category.nameEn.length).toBeGreaterThan(0);
    }
  });

  it('has every product-quality and sales/service complaint category, each with 2–4 sub-types', () => {
    const product = ['ENGINE', 'BODY', 'ELECTRICAL', 'TRANSMISSION', 'BRAKES', 'STEERING', 'TYRES', 'SUSPENSION', 'TRACTION-BATTERY', 'ELECTRIC-DRIVE', 'AIRBAGS', 'EXTRA'];
    const service = ['SALES-FRAUD', 'BROKEN-PROMISE', 'ATTITUDE', 'CHARGES', 'SKILL', 'PARTS'];
    const codes = [...product.map((code) => `C-COMPLAINT-PRODUCT-${code}`), ...service.map((code) => `C-COMPLAINT-SERVICE-${code}`)];
    for (const code of codes) {
      expect(categoryByCode.get(code)?.ticketType).toBe('complaint');
      expect(children(code).length).toBeGreaterThanOrEqual(2);
      expect(children(code).length).toBeLessThanOrEqual(4);
    }
    expect(children('C-COMPLAINT-PRODUCT').map((category) => category.code).sort()).toEqual(product.map((code) => `C-COMPLAINT-PRODUCT-${code}`).sort());
    expect(children('C-COMPLAINT-SERVICE').map((category) => category.code).sort()).toEqual(service.map((code) => `C-COMPLAINT-SERVICE-${code}`).sort());
    expect(categoryByCode.get('C-COMPLAINT-OTHER')?.parentCode).toBe('C-COMPLAINT');
    expect(children('C-COMPLAINT-PRODUCT-ENGINE').map((category) => category.nameEn)).toEqual(['Abnormal noise', 'Oil leak', 'Loss of power', "Won't start"]);
  });

  it('has the enquiry topics, roadside types, suggestion, praise and lead sources', () => {
    const names = (root: string) => children(root).map((category) => category.nameEn);
    expect(names('C-ENQUIRY')).toEqual(
      expect.arrayContaining(['Product', 'Price and promotion', 'Service and maintenance', 'Warranty policy', 'Charging', 'Finance and insurance', 'Dealer location', 'Recall', 'Other']),
    );
    expect(names('C-ROADSIDE')).toEqual(expect.arrayContaining(['Breakdown', 'Accident', 'Flat tyre', 'Battery jump-start', 'Lock-out', 'Out of fuel or charge']));
    expect(names('C-LEAD')).toEqual(expect.arrayContaining(['Hotline call', 'Website', 'Auto show', 'Referral', 'Owner app']));
    expect(children('C-SUGGESTION').length).toBeGreaterThanOrEqual(2);
    expect(children('C-PRAISE').length).toBeGreaterThanOrEqual(2);
  });

  it('sets the priorities and copies the brief calls for, and sub-types inherit them', () => {
    const category = (code: string) => categoryByCode.get(code)!;
    for (const code of ['C-COMPLAINT-PRODUCT-BRAKES', 'C-COMPLAINT-PRODUCT-AIRBAGS']) {
      expect(category(code).defaultPriority).toBe('P2');
      expect(category(code).ccDepartmentCodes).toEqual(expect.arrayContaining(['DEPT-QUALITY', 'DEPT-TECH']));
    }
    expect(category('C-COMPLAINT-SERVICE-SALES-FRAUD').ccDepartmentCodes).toEqual(expect.arrayContaining(['DEPT-SALES', 'DEPT-PR-LEGAL']));
    expect(category('C-COMPLAINT-PRODUCT-TRACTION-BATTERY').ccDepartmentCodes).toEqual(expect.arrayContaining(['DEPT-TECH', 'DEPT-RND']));
    expect(category('C-ROADSIDE-ACCIDENT').defaultPriority).toBe('P1');
    expect(category('C-COMPLAINT-PRODUCT-BRAKES-NOISE').defaultPriority).toBe('P2');
    expect(category('C-COMPLAINT-PRODUCT-BRAKES-FAILURE').defaultPriority).toBe('P1');
    expect(category('C-COMPLAINT-PRODUCT-AIRBAGS-NOT-DEPLOYED').ccDepartmentCodes).toEqual(category('C-COMPLAINT-PRODUCT-AIRBAGS').ccDepartmentCodes);
  });
});

describe('NHTSA summaries', () => {
  it('are 40 distinct real summaries under 400 characters, filed under existing complaint categories', () => {
    expect(NHTSA_SUMMARIES).toHaveLength(40);
    expect(new Set(NHTSA_SUMMARIES).size).toBe(40);
    for (const summary of NHTSA_SUMMARIES) {
      expect(summary.length).toBeGreaterThan(20);
      expect(summary.length).toBeLessThan(400);
    }
    for (const code of Object.keys(NHTSA_SUMMARIES_BY_CATEGORY)) expect(categoryByCode.get(code)?.ticketType).toBe('complaint');
  });
});

describe('generated customers', () => {
  const customers = generateCustomers(createRng(7), 2000, DEALERS);
  const vehicles = customers.flatMap((customer) => customer.vehicles.map((vehicle) => ({ customer, vehicle })));

  it('makes 2,000 customers whose mobiles, names and VINs pass the cleansing rules', () => {
    expect(customers).toHaveLength(2000);
    for (const customer of customers) {
      expect(isValidMobile(customer.phone)).toBe(true);
      expect(validateCustomerName(customer.name, customer.kind)).toEqual({ ok: true, name: customer.name });
      expect(customer.vehicles.length).toBeGreaterThanOrEqual(1);
      expect(customer.vehicles.length).toBeLessThanOrEqual(2);
      if (customer.email !== null) expect(customer.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    }
    for (const { vehicle } of vehicles) expect(isValidVin(vehicle.vin)).toBe(true);
  });

  it('keeps phones, VINs and plates unique', () => {
    expect(new Set(customers.map((customer) => customer.phone)).size).toBe(customers.length);
    expect(new Set(vehicles.map(({ vehicle }) => vehicle.vin)).size).toBe(vehicles.length);
    expect(new Set(vehicles.map(({ vehicle }) => vehicle.plate)).size).toBe(vehicles.length);
  });

  it('has about 5 % companies, and common surnames come up most', () => {
    const companies = customers.filter((customer) => customer.kind === 'company');
    expect(companies.length / customers.length).toBeGreaterThan(0.02);
    expect(companies.length / customers.length).toBeLessThan(0.09);
    for (const company of companies) expect(company.name).toMatch(/有限公司$/);
    const surnames = count(customers.filter((customer) => customer.kind === 'person'), (customer) => customer.name[0]);
    expect((surnames.get('王') ?? 0) + (surnames.get('李') ?? 0) + (surnames.get('张') ?? 0)).toBeGreaterThan(customers.length * 0.06);
  });

  it('plates carry the city prefix; new-energy plates are green with six characters', () => {
    for (const { customer, vehicle } of vehicles) {
      const city = cityByName.get(customer.city)!;
      expect(vehicle.plate.startsWith(`${city.plate}·`)).toBe(true);
      const tail = vehicle.plate.slice(city.plate.length + 1);
      if (vehicle.powertrain === 'ev') expect(tail).toMatch(/^D\d{5}$/);
      else if (vehicle.powertrain === 'phev') expect(tail).toMatch(/^F\d{5}$/);
      else expect(tail).toMatch(/^[A-HJ-NP-Z0-9]{5}$/);
    }
  });

  it('dates purchases 2017 to October 2026, with warranty +3 years and battery warranty +8 for new-energy cars', () => {
    const modelYearLetters = 'HJKLMNPRST';
    for (const { vehicle } of vehicles) {
      expect(vehicle.purchaseDate >= '2017-01-01' && vehicle.purchaseDate <= '2026-10-31').toBe(true);
      const [year, rest] = [Number(vehicle.purchaseDate.slice(0, 4)), vehicle.purchaseDate.slice(4)];
      expect(vehicle.warrantyEnd).toBe(`${year + 3}${rest}`);
      expect(vehicle.batteryWarrantyEnd).toBe(vehicle.powertrain === 'ice' ? null : `${year + 8}${rest}`);
      expect(vehicle.vin[9]).toBe(modelYearLetters[year - 2017]);
      expect(['LSV', 'LFV', 'LVS']).toContain(vehicle.vin.slice(0, 3));
      expect(vehicle.mileageKm).toBeGreaterThanOrEqual(50);
    }
    expect(new Set(vehicles.map(({ vehicle }) => vehicle.powertrain))).toEqual(new Set(['ice', 'ev', 'phev']));
  });

  it('sells and services each vehicle at active dealers of the customer’s city', () => {
    for (const { customer, vehicle } of vehicles) {
      const selling = dealerByCode.get(vehicle.sellingDealerCode)!;
      const servicing = dealerByCode.get(vehicle.servicingDealerCode)!;
      expect(selling.active && servicing.active).toBe(true);
      expect(selling.capabilities).toContain('sales');
      expect(servicing.capabilities).toContain('service');
      expect([selling.city, servicing.city]).toEqual([customer.city, customer.city]);
      expect(customer.province).toBe(selling.province);
    }
    const sameDealer = vehicles.filter(({ vehicle }) => vehicle.sellingDealerCode === vehicle.servicingDealerCode).length;
    expect(sameDealer / vehicles.length).toBeGreaterThan(0.5);
  });

  it('is deterministic for a seed, and a shorter run is a prefix of a longer one', () => {
    expect(generateCustomers(createRng(7), 2000, DEALERS)).toEqual(customers);
    expect(generateCustomers(createRng(7), 50, DEALERS)).toEqual(customers.slice(0, 50));
    expect(generateCustomers(createRng(8), 50, DEALERS)).not.toEqual(customers.slice(0, 50));
  });
});

describe('generated ticket specs', () => {
  const customers: CustomerSeed[] = generateCustomers(createRng(7), 2000, DEALERS);
  const specs: TicketSpec[] = generateTicketSpecs(createRng(9), customers, CATEGORIES, 2000, NOW);
  const byType = (type: TicketType) => specs.filter((spec) => spec.type === type);

  it('covers every type in a hotline’s proportions', () => {
    const expected: Record<TicketType, number> = { complaint: 0.35, enquiry: 0.25, roadside: 0.12, lead: 0.12, suggestion: 0.08, praise: 0.08 };
    for (const type of TICKET_TYPES) expect(Math.abs(byType(type).length / specs.length - expected[type])).toBeLessThan(0.04);
  });

  it('reaches every status many times, and answers enquiries on the call', () => {
    const statuses = count(specs, (spec) => spec.targetStatus);
    for (const status of TICKET_STATUSES) expect(statuses.get(status) ?? 0).toBeGreaterThanOrEqual(20);
    const onTheCall = byType('enquiry').filter((spec) => spec.targetStatus === 'resolved' && !spec.dealerCode && !spec.departmentCode);
    expect(onTheCall.length / byType('enquiry').length).toBeGreaterThan(0.2);
  });

  it('shows every type and status even in a small demo set', () => {
    const small = generateTicketSpecs(createRng(3), customers, CATEGORIES, 120, NOW);
    expect(new Set(small.map((spec) => spec.type))).toEqual(new Set(TICKET_TYPES));
    expect(new Set(small.map((spec) => spec.targetStatus))).toEqual(new Set(TICKET_STATUSES));
  });

  it('files every ticket under a category of its type, mostly leaves, with its default priority', () => {
    const parents = new Set(CATEGORIES.map((category) => category.parentCode));
    for (const spec of specs) {
      const category = categoryByCode.get(spec.categoryCode!);
      expect(category?.ticketType).toBe(spec.type);
      expect(parents.has(category!.code)).toBe(false);
      expect(PRIORITIES).toContain(spec.priority);
      // Without a default the type's own applies (a P3 complaint in the first three months is raised to P2).
      if (category!.defaultPriority) expect(spec.priority).toBe(category!.defaultPriority);
    }
    expect(byType('roadside').some((spec) => spec.priority === 'P1')).toBe(true);
  });

  it('matches product complaints to the powertrain: no engine trouble on an EV, no battery trouble on petrol', () => {
    for (const spec of byType('complaint')) {
      const vehicle = customers[spec.customerIndex].vehicles[spec.vehicleIndex!];
      if (vehicle.powertrain === 'ev') expect(spec.categoryCode).not.toMatch(/^C-COMPLAINT-PRODUCT-(ENGINE|TRANSMISSION)/);
      if (vehicle.powertrain === 'ice') expect(spec.categoryCode).not.toMatch(/^C-COMPLAINT-PRODUCT-(TRACTION-BATTERY|ELECTRIC-DRIVE)/);
    }
  });

  it('writes Chinese subjects and descriptions with every placeholder filled, some complaints quoting NHTSA text', () => {
    for (const spec of specs) {
      expect(spec.subject.length).toBeGreaterThanOrEqual(2);
      expect(spec.subject.length).toBeLessThanOrEqual(200);
      expect(spec.description.length).toBeLessThanOrEqual(5000);
      expect(`${spec.subject}${spec.description}`).not.toMatch(/[{}]|undefined/);
      expect(spec.subject).toMatch(/\p{Script=Han}/u);
      expect(CHANNELS).toContain(spec.channel);
      expect(spec.contactPhone).toBe(customers[spec.customerIndex].phone);
      expect(validateCustomerName(spec.contactName, 'person').ok).toBe(true);
    }
    const quoting = byType('complaint').filter((spec) => NHTSA_SUMMARIES.some((summary) => spec.description.includes(summary)));
    expect(quoting.length).toBeGreaterThan(10);
    for (const spec of quoting) {
      const summaries = [spec.categoryCode!, categoryByCode.get(spec.categoryCode!)!.parentCode!].flatMap((code) => NHTSA_SUMMARIES_BY_CATEGORY[code] ?? []);
      expect(summaries.some((summary) => spec.description.includes(summary))).toBe(true);
    }
  });

  it('gives roadside tickets a location near the customer’s city and the nearest active rescue dealer', () => {
    for (const spec of byType('roadside')) {
      const city = cityByName.get(customers[spec.customerIndex].city)!;
      expect(spec.location?.address).toContain(city.city);
      expect(distanceKm(spec.location!, city)).toBeLessThan(20);
      const dealer = dealerByCode.get(spec.dealerCode!)!;
      expect(dealer.active && dealer.capabilities.includes('rescue')).toBe(true);
    }
  });

  it('gives leads a purchase timing, a source and a sales dealer of the customer’s city', () => {
    for (const spec of byType('lead')) {
      expect(PURCHASE_TIMINGS).toContain(spec.purchaseTiming);
      expect(['hotline', 'website', 'auto_show', 'referral', 'app']).toContain(spec.leadSource);
      expect(spec.vehicleIndex).toBeUndefined();
      const dealer = dealerByCode.get(spec.dealerCode!)!;
      expect(dealer.active && dealer.capabilities.includes('sales')).toBe(true);
      expect(dealer.city).toBe(customers[spec.customerIndex].city);
    }
    expect(new Set(byType('lead').map((spec) => spec.purchaseTiming))).toEqual(new Set(PURCHASE_TIMINGS));
  });

  it('dispatches to an active dealer or to a department, never both, and never a dealer for an enquiry answered on the call', () => {
    const departmentCodes = new Set(DEPARTMENTS.map((department) => department.code));
    for (const spec of specs) {
      expect(spec.dealerCode !== undefined && spec.departmentCode !== undefined).toBe(false);
      if (spec.dealerCode) expect(dealerByCode.get(spec.dealerCode)?.active).toBe(true);
      if (spec.departmentCode) expect(departmentCodes).toContain(spec.departmentCode);
      if (spec.departmentCode) expect(['suggestion', 'enquiry']).toContain(spec.type);
      if (spec.type !== 'enquiry' && spec.type !== 'suggestion') expect(spec.dealerCode).toBeDefined();
    }
    expect(specs.some((spec) => spec.departmentCode)).toBe(true);
    // Every tenth ticket concerns the demo dealer's vehicles, so its login has work to show.
    expect(specs.filter((spec) => spec.dealerCode === DEALERS[0].code).length).toBeGreaterThan(specs.length * 0.05);
  });

  it('spreads creation over the 60 days before now, in time order, leaving room for the steps after it', () => {
    for (const spec of specs) {
      const age = NOW.getTime() - spec.createdAt.getTime();
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThanOrEqual(60 * DAY_MS);
      if (spec.targetStatus === 'closed' || spec.targetStatus === 'reopened') expect(age).toBeGreaterThanOrEqual(DAY_MS);
    }
    const times = specs.map((spec) => spec.createdAt.getTime());
    expect(times).toEqual([...times].sort((first, second) => first - second));
    const ages = specs.map((spec) => Math.floor((NOW.getTime() - spec.createdAt.getTime()) / DAY_MS));
    expect(Math.min(...ages)).toBeLessThanOrEqual(1);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(55);
  });

  it('puts most calls in the working day, China time, and some roadside calls at night', () => {
    const chinaHour = (spec: TicketSpec) => (spec.createdAt.getUTCHours() + 8) % 24;
    const daytime = specs.filter((spec) => chinaHour(spec) >= 8 && chinaHour(spec) <= 21);
    expect(daytime.length / specs.length).toBeGreaterThan(0.9);
    expect(byType('roadside').some((spec) => chinaHour(spec) < 6)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(generateTicketSpecs(createRng(9), customers, CATEGORIES, 2000, NOW)).toEqual(specs);
    expect(generateTicketSpecs(createRng(10), customers, CATEGORIES, 200, NOW)).not.toEqual(specs.slice(0, 200));
  });
});
