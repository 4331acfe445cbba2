import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { access } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import type { TCreateCustomerRequest } from '../../customers/customer.schemas';
import { AppError } from '../../errors/app-error';
import type { Database } from '../db/client';
import { customers, dealers, vehicles } from '../db/schema';

/**
 * Registers a caller who is not in the records yet, with their vehicles. The phone is the customer key and a VIN
 * belongs to one vehicle: either already known is a DUPLICATE naming the existing record, so the agent opens that one.
 */
export async function createCustomer(db: Database, actor: Actor, input: TCreateCustomerRequest): Promise<{ id: string }> {
  // The hotline's front line registers callers (and careline itself, importing).
  if (!(actor.kind === 'system' || access.frontline.allows(actor))) throw new AppError('FORBIDDEN');
  try {
    return await insertCustomer(db, input);
  } catch (error) {
    // The VIN's unique index settled a race the locks below did not see (another writer than this command).
    if (!isUniqueViolation(error)) throw error;
    const vins = input.vehicles.map((vehicle) => vehicle.vin);
    const [known] = vins.length > 0 ? await db.select({ customerId: vehicles.customerId }).from(vehicles).where(inArray(vehicles.vin, vins)).limit(1) : [];
    throw new AppError('DUPLICATE', { field: 'vehicles.vin', ...(known ? { existingId: known.customerId } : {}) });
  }
}

/** PostgreSQL's unique_violation, through drizzle's wrapping (`cause`). */
function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; current = (current as { cause?: unknown }).cause, depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

// Advisory lock class for customer keys (phone, VIN): two creates with the same key run one after the other.
const CUSTOMER_KEY_LOCK = 7274301;

async function insertCustomer(db: Database, input: TCreateCustomerRequest): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
    // The phone has no unique index (old records may share one): the lock makes "check, then insert" hold under
    // concurrency, so the second of two simultaneous creates sees the first and answers DUPLICATE naming it.
    const keys = [...new Set([`phone:${input.phone}`, ...input.vehicles.map((vehicle) => `vin:${vehicle.vin}`)])].sort();
    for (const key of keys) await tx.execute(sql`select pg_advisory_xact_lock(${CUSTOMER_KEY_LOCK}, hashtext(${key}))`);
    const [existing] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.phone, input.phone)).limit(1);
    if (existing) throw new AppError('DUPLICATE', { field: 'phone', existingId: existing.id });
    const vins = input.vehicles.map((vehicle) => vehicle.vin);
    if (new Set(vins).size !== vins.length) throw new AppError('DUPLICATE', { field: 'vehicles.vin' });
    if (vins.length > 0) {
      const [known] = await tx.select({ id: vehicles.id, customerId: vehicles.customerId }).from(vehicles).where(inArray(vehicles.vin, vins)).limit(1);
      if (known) throw new AppError('DUPLICATE', { field: 'vehicles.vin', existingId: known.customerId });
    }
    const dealerIds = [...new Set(input.vehicles.flatMap((vehicle) => [vehicle.sellingDealerId, vehicle.servicingDealerId]).filter((id): id is string => Boolean(id)))];
    if (dealerIds.length > 0) {
      const found = await tx.select({ id: dealers.id }).from(dealers).where(inArray(dealers.id, dealerIds));
      if (found.length !== dealerIds.length) throw new AppError('UNKNOWN_REFERENCE', { field: 'vehicles.dealerId' });
    }
    const id = randomUUID();
    const hotline = { source: 'hotline', at: new Date().toISOString(), importId: null };
    await tx.insert(customers).values({
      id,
      kind: input.kind,
      name: input.name,
      phone: input.phone,
      email: input.email ?? null,
      province: input.province ?? null,
      city: input.city ?? null,
      // The hotline is the lowest-priority source: finance and invoice data overwrite it when they arrive.
      fieldSources: Object.fromEntries(['name', 'phone', 'email', 'province', 'city'].filter((field) => input[field as keyof TCreateCustomerRequest] !== undefined).map((field) => [field, hotline])),
    });
    if (input.vehicles.length > 0) {
      await tx.insert(vehicles).values(
        input.vehicles.map((vehicle) => {
          const purchased = vehicle.purchaseDate ? new Date(`${vehicle.purchaseDate}T00:00:00Z`) : null;
          return {
            id: randomUUID(),
            customerId: id,
            vin: vehicle.vin,
            plate: vehicle.plate ?? null,
            model: vehicle.model,
            purchaseDate: vehicle.purchaseDate ?? null,
            sellingDealerId: vehicle.sellingDealerId ?? null,
            servicingDealerId: vehicle.servicingDealerId ?? vehicle.sellingDealerId ?? null,
            // Standard new-car warranty: three years from purchase.
            warrantyEnd: purchased ? new Date(Date.UTC(purchased.getUTCFullYear() + 3, purchased.getUTCMonth(), purchased.getUTCDate())).toISOString().slice(0, 10) : null,
            mileageKm: vehicle.mileageKm ?? null,
            fieldSources: Object.fromEntries(
              (['vin', 'plate', 'model', 'purchaseDate', 'sellingDealerId', 'mileageKm'] as const).filter((field) => vehicle[field] !== undefined).map((field) => [field, hotline]),
            ),
          };
        }),
      );
    }
    return { id };
  });
}
