import { demoCustomerProblems } from '../helpers/demo-checks';
import { createRng, generateCustomers, generateTicketSpecs } from '../../shared/src/demo/generate';
import { CATEGORIES, DEALERS, DEPARTMENTS, REGIONS } from '../../shared/src/demo/reference-data';
import { TICKET_STATUSES, TICKET_TYPES } from '../../shared/src/tickets/ticket-vocabulary';

describe('demo reference data', () => {
  it('has ≥ 8 regions and ≥ 60 dealers over ≥ 12 provinces, each in a known region and inside China', () => {
    expect(REGIONS.length).toBeGreaterThanOrEqual(8);
    expect(DEALERS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(DEALERS.map((dealer) => dealer.province)).size).toBeGreaterThanOrEqual(12);
    const regionCodes = new Set(REGIONS.map((region) => region.code));
    for (const dealer of DEALERS) {
      expect(regionCodes.has(dealer.regionCode)).toBe(true);
      expect(dealer.lat).toBeGreaterThan(18);
      expect(dealer.lat).toBeLessThan(54);
      expect(dealer.lng).toBeGreaterThan(73);
      expect(dealer.lng).toBeLessThan(135);
      expect(dealer.capabilities.length).toBeGreaterThan(0);
      expect(dealer.businessHours.open < dealer.businessHours.close).toBe(true);
    }
    expect(new Set(DEALERS.map((dealer) => dealer.code)).size).toBe(DEALERS.length);
    expect(DEALERS.some((dealer) => !dealer.active)).toBe(true);
    expect(DEALERS.filter((dealer) => dealer.capabilities.includes('rescue')).length).toBeGreaterThan(10);
  });

  it('has the departments of the brief', () => {
    expect(DEPARTMENTS.map((department) => department.code)).toEqual(
      expect.arrayContaining(['DEPT-TECH', 'DEPT-SERVICE', 'DEPT-QUALITY', 'DEPT-RND', 'DEPT-SALES', 'DEPT-PARTS', 'DEPT-PR-LEGAL']),
    );
  });

  it('categories form one tree per ticket type, copying only known departments', () => {
    const byCode = new Map(CATEGORIES.map((category) => [category.code, category]));
    expect(byCode.size).toBe(CATEGORIES.length);
    const departmentCodes = new Set(DEPARTMENTS.map((department) => department.code));
    for (const category of CATEGORIES) {
      const seen = new Set<string>();
      let cursor = category;
      while (cursor.parentCode) {
        expect(seen.has(cursor.code)).toBe(false);
        seen.add(cursor.code);
        const parent = byCode.get(cursor.parentCode);
        expect(parent).toBeDefined();
        expect(parent!.ticketType).toBe(category.ticketType);
        cursor = parent!;
      }
      for (const code of category.ccDepartmentCodes) expect(departmentCodes.has(code)).toBe(true);
    }
    for (const type of TICKET_TYPES) {
      expect(CATEGORIES.filter((category) => category.ticketType === type && category.parentCode === null)).toHaveLength(1);
    }
  });

  it('covers the complaint categories, roadside types and lead sources hotlines use', () => {
    const englishNames = new Set(CATEGORIES.map((category) => category.nameEn.toLowerCase()));
    for (const name of [
      'engine', 'body', 'electrical', 'transmission', 'brakes', 'steering', 'tyres and wheels', 'suspension',
      'traction battery and charging', 'electric drive', 'airbags and belts', 'extra equipment', 'sales fraud',
      'broken promises', 'service attitude', 'service charges', 'technician skill', 'parts disputes', 'other',
      'breakdown', 'accident', 'flat tyre', 'battery jump-start', 'lock-out', 'out of fuel or charge',
      'hotline call', 'website', 'auto show', 'referral',
    ]) {
      expect(englishNames.has(name)).toBe(true);
    }
    const engine = CATEGORIES.filter((category) => category.parentCode === 'C-COMPLAINT-PRODUCT-ENGINE');
    expect(engine.length).toBeGreaterThanOrEqual(2);
  });
});

describe('generated customers and tickets', () => {
  const customers = generateCustomers(createRng(7), 2000, DEALERS);

  it('makes 2,000 customers with valid mobiles, names, VINs and unique keys', () => {
    expect(customers).toHaveLength(2000);
    for (const customer of customers) expect(demoCustomerProblems(customer)).toEqual([]);
    const vehicles = customers.flatMap((customer) => customer.vehicles);
    expect(new Set(vehicles.map((vehicle) => vehicle.vin)).size).toBe(vehicles.length);
    expect(new Set(vehicles.map((vehicle) => vehicle.plate)).size).toBe(vehicles.length);
    expect(new Set(customers.map((customer) => customer.phone)).size).toBe(customers.length);
    expect(customers.some((customer) => customer.kind === 'company')).toBe(true);
    expect(vehicles.some((vehicle) => vehicle.powertrain === 'ev' && vehicle.batteryWarrantyEnd !== null)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(generateCustomers(createRng(7), 50, DEALERS)).toEqual(customers.slice(0, 50));
    expect(generateCustomers(createRng(8), 50, DEALERS)).not.toEqual(customers.slice(0, 50));
  });

  it('makes tickets of every type in every status, dispatched to dealers that exist', () => {
    const specs = generateTicketSpecs(createRng(9), customers, CATEGORIES, 520, new Date('2026-11-23T00:00:00Z'));
    expect(new Set(specs.map((spec) => spec.type))).toEqual(new Set(TICKET_TYPES));
    expect(new Set(specs.map((spec) => spec.targetStatus))).toEqual(new Set(TICKET_STATUSES));
    const dealerCodes = new Set(DEALERS.map((dealer) => dealer.code));
    for (const spec of specs) {
      if (spec.dealerCode) expect(dealerCodes.has(spec.dealerCode)).toBe(true);
      if (spec.type === 'roadside') expect(spec.location?.address).toBeTruthy();
      if (spec.type === 'lead') expect(spec.purchaseTiming).toBeTruthy();
      if (spec.type === 'complaint') expect(spec.categoryCode).toBeTruthy();
    }
  });
});
