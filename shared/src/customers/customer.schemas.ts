import { z } from 'zod';
import { validateCustomerName } from './customer-name';
import { isValidMobile, normalizeMobile } from './phone';
import { isValidVin, normalizeVin } from './vin';

/** A new caller's record, with the cleansing rules applied to name (customer-name.ts), mobile and VIN. */
export const ZCreateVehicle = z.strictObject({
  vin: z
    .string()
    .max(30)
    .transform(normalizeVin)
    .refine(isValidVin, { message: 'not a valid VIN (17 characters, no I/O/Q, check digit in position 9)' }),
  plate: z.string().trim().min(5).max(12).optional(),
  model: z.string().trim().min(1).max(60),
  purchaseDate: z.iso.date().optional(),
  sellingDealerId: z.uuid().optional(),
  servicingDealerId: z.uuid().optional(),
  mileageKm: z.int().min(0).max(2_000_000).optional(),
});

export const ZCreateCustomerRequest = z
  .strictObject({
    kind: z.enum(['person', 'company']).default('person'),
    name: z.string().max(200),
    phone: z
      .string()
      .max(30)
      .transform(normalizeMobile)
      .refine(isValidMobile, { message: 'a customer needs an 11-digit mobile number' }),
    email: z.email().max(200).optional(),
    province: z.string().trim().min(2).max(20).optional(),
    city: z.string().trim().min(2).max(20).optional(),
    vehicles: z.array(ZCreateVehicle).max(20).default([]),
  })
  .superRefine((body, context) => {
    const result = validateCustomerName(body.name, body.kind);
    if (!result.ok) context.addIssue({ code: 'custom', path: ['name'], message: `name refused: ${result.reason}` });
  })
  .transform((body) => {
    const result = validateCustomerName(body.name, body.kind);
    return { ...body, name: result.ok ? result.name : body.name };
  });
export type TCreateCustomerRequest = z.infer<typeof ZCreateCustomerRequest>;

/** Find a caller by exactly one of phone, VIN or plate. */
export const ZCustomerLookupQuery = z
  .strictObject({
    phone: z.string().trim().min(3).max(30).optional(),
    vin: z.string().trim().length(17).optional(),
    plate: z.string().trim().min(5).max(12).optional(),
  })
  .refine((query) => [query.phone, query.vin, query.plate].filter(Boolean).length === 1, {
    message: 'give exactly one of phone, vin or plate',
  });
export type TCustomerLookupQuery = z.infer<typeof ZCustomerLookupQuery>;

/** The lookup record's filters: who, when, and optionally which value (matched by its hash, never stored in clear). */
export const ZCustomerLookupLogQuery = z
  .strictObject({
    actorId: z.uuid().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    phone: z.string().trim().min(3).max(30).optional(),
    vin: z.string().trim().length(17).optional(),
    plate: z.string().trim().min(5).max(12).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).max(100_000).default(0),
  })
  .refine((query) => [query.phone, query.vin, query.plate].filter(Boolean).length <= 1, { message: 'give at most one of phone, vin or plate' });
export type TCustomerLookupLogQuery = z.infer<typeof ZCustomerLookupLogQuery>;
