import { z } from 'zod';
import { access } from '../auth/access';
import { ZCreateCustomerRequest, ZCustomerLookupLogQuery, ZCustomerLookupQuery } from '../customers/customer.schemas';
import { LIFECYCLE_STAGES } from '../customers/lifecycle-stage';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../tickets/ticket-vocabulary';
import { defineContract } from './contract';
import { itemsOf, ZNamedRef, ZUuidParams, ZWireTimestamp } from './wire';

/** Where each field of a record came from. */
export const ZFieldSources = z.record(z.string(), z.object({ source: z.string(), at: z.string(), importId: z.string().nullable() }));

export const ZCustomerVehicle = z.object({
  id: z.string(),
  customerId: z.string(),
  vin: z.string(),
  plate: z.string().nullable(),
  model: z.string(),
  powertrain: z.enum(['ice', 'ev', 'phev']),
  /** Calendar dates (YYYY-MM-DD). */
  purchaseDate: z.string().nullable(),
  sellingDealerId: z.string().nullable(),
  servicingDealerId: z.string().nullable(),
  warrantyEnd: z.string().nullable(),
  batteryWarrantyEnd: z.string().nullable(),
  mileageKm: z.number().nullable(),
  sellingDealer: ZNamedRef.nullable(),
  servicingDealer: ZNamedRef.nullable(),
  inWarranty: z.boolean(),
  lifecycleStage: z.enum(LIFECYCLE_STAGES).nullable(),
  /** PDI, internal or accident vehicle: kept, but left out of outreach such as new-vehicle callbacks. */
  flags: z.array(z.string()),
  fieldSources: ZFieldSources,
});

/** A customer's ticket as the 360° view lists it (newest first). */
export const ZCustomerTicket = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  subject: z.string(),
  customerId: z.string().nullable(),
  vehicleId: z.string().nullable(),
  responsibleDealerId: z.string().nullable(),
  createdAt: ZWireTimestamp,
});

/** The 360° view of a customer: the record, every vehicle and every ticket; the phone masked for QA. */
export const ZCustomerView = z.object({
  id: z.string(),
  kind: z.enum(['person', 'company']),
  name: z.string(),
  phone: z.string(),
  email: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  /** Which source system gave each field, when, and through which import (null: entered in careline). */
  fieldSources: ZFieldSources,
  /** The resident ID number masked (110101********1234), when a source gave one; never in clear. */
  idNumberMasked: z.string().nullable(),
  /** Data-quality flags for a supervisor to look at. */
  qualityFlags: z.array(z.string()),
  createdAt: ZWireTimestamp,
  updatedAt: ZWireTimestamp,
  vehicles: z.array(ZCustomerVehicle),
  tickets: z.array(ZCustomerTicket),
});

export const ZCustomerLookupRecord = z.object({
  id: z.number(),
  /** Null for an API key. */
  actorId: z.string().nullable(),
  actorRole: z.string(),
  by: z.enum(['phone', 'vin', 'plate']),
  valueMasked: z.string(),
  customerIds: z.array(z.string()),
  occurredAt: ZWireTimestamp,
});

const tag = 'customers';

export const lookUpCustomersContract = defineContract({
  method: 'get',
  path: '/customers/lookup',
  tag,
  summary: 'Find callers by phone, VIN or plate, with vehicles and tickets',
  access: access.hotline,
  query: ZCustomerLookupQuery,
  success: { status: 200, body: itemsOf(ZCustomerView) },
});

export const createCustomerContract = defineContract({
  method: 'post',
  path: '/customers',
  tag,
  summary: 'Register a new caller with vehicles (name, mobile and VIN cleansing rules; DUPLICATE names an existing record)',
  access: access.frontline,
  body: ZCreateCustomerRequest,
  success: { status: 201, body: z.object({ customer: ZCustomerView }) },
});

export const customerLookupLogContract = defineContract({
  method: 'get',
  path: '/customers/lookups',
  tag,
  summary: 'Record of customer lookups: who looked up which (masked) phone, VIN or plate, when, and whom it found',
  access: access.oversight,
  query: ZCustomerLookupLogQuery,
  success: { status: 200, body: itemsOf(ZCustomerLookupRecord) },
});

export const getCustomerContract = defineContract({
  method: 'get',
  path: '/customers/:id',
  tag,
  summary: 'Customer 360° view',
  access: access.hotline,
  params: ZUuidParams,
  success: { status: 200, body: z.object({ customer: ZCustomerView }) },
});

export const ZDuplicateGroup = z.object({
  reason: z.enum(['same_mobile', 'same_name_city']),
  customers: z.array(
    z.object({ id: z.string(), name: z.string(), phoneMasked: z.string(), city: z.string().nullable(), idNumberMasked: z.string().nullable(), vehicles: z.number(), tickets: z.number(), createdAt: ZWireTimestamp }),
  ),
});

export const ZCustomerMerge = z.object({
  id: z.string(),
  fromCustomerId: z.string(),
  intoCustomerId: z.string(),
  mergedAt: ZWireTimestamp,
  tickets: z.number(),
  vehicles: z.number(),
  /** The survivor's fields the merged record's higher-ranked values replaced (source priority, then time). */
  fields: z.array(z.object({ field: z.string(), before: z.object({ value: z.unknown(), source: z.unknown() }).nullable(), after: z.object({ value: z.unknown(), source: z.unknown() }) })),
});

export const duplicateCustomersContract = defineContract({
  method: 'get',
  path: '/customers/duplicates',
  tag,
  summary: 'Customer records that look like one person (the same mobile, or the same name in the same city), for the data team to merge',
  access: access.importAdmins,
  query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
  success: { status: 200, body: itemsOf(ZDuplicateGroup) },
});

export const mergeCustomerContract = defineContract({
  method: 'post',
  path: '/customers/:id/merge',
  tag,
  summary:
    'Merge this customer record into `intoId`: the survivor keeps the higher-ranked value of each field, takes the vehicles, the tickets (each with a customer_merged event on its chain) and the open campaign calls; this record stays, pointing at it (409 CUSTOMER_ALREADY_MERGED)',
  access: access.importAdmins,
  params: ZUuidParams,
  body: z.strictObject({ intoId: z.uuid() }),
  success: { status: 200, body: ZCustomerMerge },
});
