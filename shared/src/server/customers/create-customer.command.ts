import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import type { TCreateCustomerRequest } from '../../customers/customer.schemas';
import { AppError } from '../../errors/app-error';
import type { Database } from '../db/client';
import { customers, dealers, vehicles } from '../db/schema';

/**
 * Registers a caller who is not in the records yet, with their vehicles. The phone is the customer key and a VIN
 * belongs to one vehicle: either already known is a DUPLICATE naming the existing record, so the agent opens that one.
 */
export async function createCustomer(db: Database, input: TCreateCustomerRequest): Promise<{ id: string }> {
  return db.transaction(async (tx) => {
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
    const hotline = 'hotline';
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
          };
        }),
      );
    }
    return { id };
  });
}
