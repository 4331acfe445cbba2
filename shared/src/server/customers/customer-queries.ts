import { asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { lifecycleStageOf } from '../../customers/lifecycle-stage';
import { normalizeMobile } from '../../customers/phone';
import { normalizeVin } from '../../customers/vin';
import type { Executor } from '../db/client';
import { customers, dealers, tickets, vehicles } from '../db/schema';

export type LookupBy = { phone: string } | { vin: string } | { plate: string };

/** Plates are written 沪A·12345, 沪A 12345 or 沪a12345: compare without separators, upper-cased. */
export function normalizePlate(plate: string): string {
  return plate.toUpperCase().replace(/[\s·.\-]/g, '');
}

/** Customers matching a phone, VIN or plate (a VIN or plate finds its owner). At most 20. */
export async function lookupCustomerIds(db: Executor, by: LookupBy): Promise<string[]> {
  if ('phone' in by) {
    // A record merged into another answers with its survivor (the survivor may keep another number).
    const rows = await db
      .selectDistinct({ id: sql<string>`coalesce(${customers.mergedInto}, ${customers.id})` })
      .from(customers)
      .where(eq(customers.phone, normalizeMobile(by.phone)))
      .limit(20);
    return rows.map((row) => row.id);
  }
  const condition =
    'vin' in by
      ? eq(vehicles.vin, normalizeVin(by.vin))
      : sql`regexp_replace(upper(${vehicles.plate}), '[[:space:]·.-]', '', 'g') = ${normalizePlate(by.plate)}`;
  const rows = await db.selectDistinct({ id: vehicles.customerId }).from(vehicles).where(condition).limit(20);
  return rows.map((row) => row.id);
}

const sellingDealer = alias(dealers, 'selling_dealer');
const servicingDealer = alias(dealers, 'servicing_dealer');

/**
 * The 360° view of customers: each with every vehicle (dealers, warranty, lifecycle stage) and every ticket.
 * Hotline only: callers of this function must have checked that the actor may see full customer records.
 */
export async function customerProfiles(db: Executor, customerIds: string[], at = new Date()) {
  if (customerIds.length === 0) return [];
  const [customerRows, vehicleRows, ticketRows] = await Promise.all([
    db.select().from(customers).where(inArray(customers.id, customerIds)),
    db
      .select({
        vehicle: vehicles,
        sellingDealer: { id: sellingDealer.id, code: sellingDealer.code, nameZh: sellingDealer.nameZh, nameEn: sellingDealer.nameEn },
        servicingDealer: { id: servicingDealer.id, code: servicingDealer.code, nameZh: servicingDealer.nameZh, nameEn: servicingDealer.nameEn },
      })
      .from(vehicles)
      .leftJoin(sellingDealer, eq(sellingDealer.id, vehicles.sellingDealerId))
      .leftJoin(servicingDealer, eq(servicingDealer.id, vehicles.servicingDealerId))
      .where(inArray(vehicles.customerId, customerIds))
      .orderBy(asc(vehicles.purchaseDate)),
    db
      .select({
        id: tickets.id,
        number: tickets.number,
        type: tickets.type,
        status: tickets.status,
        priority: tickets.priority,
        subject: tickets.subject,
        customerId: tickets.customerId,
        vehicleId: tickets.vehicleId,
        responsibleDealerId: tickets.responsibleDealerId,
        createdAt: tickets.createdAt,
      })
      .from(tickets)
      .where(or(inArray(tickets.customerId, customerIds)))
      .orderBy(desc(tickets.createdAt))
      .limit(200),
  ]);
  const today = at.toISOString().slice(0, 10);
  return customerRows.map((customer) => ({
    customer,
    vehicles: vehicleRows
      .filter((row) => row.vehicle.customerId === customer.id)
      .map((row) => ({
        ...row.vehicle,
        sellingDealer: row.sellingDealer?.id ? row.sellingDealer : null,
        servicingDealer: row.servicingDealer?.id ? row.servicingDealer : null,
        inWarranty: row.vehicle.warrantyEnd !== null && row.vehicle.warrantyEnd >= today,
        lifecycleStage: lifecycleStageOf(row.vehicle.purchaseDate, at),
      })),
    tickets: ticketRows.filter((ticket) => ticket.customerId === customer.id),
  }));
}
