import { createHash } from 'node:crypto';
import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { access } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import type { TCustomerLookupLogQuery } from '../../customers/customer.schemas';
import { maskPhone, normalizeMobile } from '../../customers/phone';
import { normalizeVin } from '../../customers/vin';
import { AppError } from '../../errors/app-error';
import type { Executor } from '../db/client';
import { customerLookups } from '../db/schema';
import { type LookupBy, normalizePlate } from './customer-queries';

/** What a lookup searched by, its normalised value and that value masked for the record. */
export function describeLookup(by: LookupBy): { by: 'phone' | 'vin' | 'plate'; normalized: string; masked: string } {
  if ('phone' in by) {
    const normalized = normalizeMobile(by.phone);
    return { by: 'phone', normalized, masked: maskPhone(normalized) };
  }
  if ('vin' in by) {
    const normalized = normalizeVin(by.vin);
    // The maker code (WMI) and the serial's last four: enough to tell lookups apart, not to identify the car.
    return { by: 'vin', normalized, masked: `${normalized.slice(0, 3)}${'*'.repeat(Math.max(0, normalized.length - 7))}${normalized.slice(-4)}` };
  }
  const normalized = normalizePlate(by.plate);
  const chars = [...normalized];
  return { by: 'plate', normalized, masked: `${chars.slice(0, 2).join('')}${'*'.repeat(Math.max(0, chars.length - 3))}${chars.slice(-1).join('')}` };
}

/**
 * Records who looked up which phone, VIN or plate and whom it found. The value is kept masked, plus the SHA-256 of the
 * normalised value, so an audit can find every lookup of one number without the log holding the numbers.
 */
export async function recordCustomerLookup(db: Executor, options: { actor: Actor; by: LookupBy; customerIds: string[] }): Promise<void> {
  const described = describeLookup(options.by);
  await db.insert(customerLookups).values({
    actorId: options.actor.kind === 'user' ? options.actor.id : null,
    actorRole: options.actor.role,
    by: described.by,
    valueMasked: described.masked,
    valueHash: createHash('sha256').update(described.normalized).digest('hex'),
    customerIds: options.customerIds,
  });
}

/** What a lookup query searches by: one of phone, VIN or plate, or nothing. */
export const lookupByOf = (query: { phone?: string; vin?: string; plate?: string }): LookupBy | null =>
  query.phone ? { phone: query.phone } : query.vin ? { vin: query.vin } : query.plate ? { plate: query.plate } : null;

/**
 * The lookup record, newest first: by one user, or of one value (its hash), within [from, to). Read by those who
 * oversee the hotline.
 */
export async function listCustomerLookups(db: Executor, actor: Actor, query: TCustomerLookupLogQuery) {
  if (!access.oversight.allows(actor)) throw new AppError('FORBIDDEN');
  const by = lookupByOf(query);
  const valueHash = by ? createHash('sha256').update(describeLookup(by).normalized).digest('hex') : undefined;
  return db
    .select({
      id: customerLookups.id,
      actorId: customerLookups.actorId,
      actorRole: customerLookups.actorRole,
      by: customerLookups.by,
      valueMasked: customerLookups.valueMasked,
      customerIds: customerLookups.customerIds,
      occurredAt: customerLookups.occurredAt,
    })
    .from(customerLookups)
    .where(
      and(
        query.actorId ? eq(customerLookups.actorId, query.actorId) : undefined,
        valueHash ? eq(customerLookups.valueHash, valueHash) : undefined,
        query.from ? gte(customerLookups.occurredAt, new Date(query.from)) : undefined,
        query.to ? lt(customerLookups.occurredAt, new Date(query.to)) : undefined,
      ),
    )
    .orderBy(desc(customerLookups.occurredAt), desc(customerLookups.id))
    .limit(query.limit)
    .offset(query.offset);
}
