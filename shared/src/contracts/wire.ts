import { z } from 'zod';

/** A timestamp on the wire: the server may hand a Date, the client reads an ISO 8601 string. */
export const ZWireTimestamp = z.preprocess((value) => (value instanceof Date ? value.toISOString() : value), z.string()).meta({ format: 'date-time' });

/** A calendar date (YYYY-MM-DD) on the wire. */
export const ZWireDate = z.preprocess((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value), z.string()).meta({ format: 'date' });

/** A dealer, department or category as the API names it, in both languages. */
export const ZNamedRef = z.object({ id: z.string(), code: z.string(), nameZh: z.string(), nameEn: z.string() });

/** Free-form JSON an event or a ticket's type-specific details carry. */
export const ZJsonObject = z.record(z.string(), z.unknown());

export const ZUuidParams = z.strictObject({ id: z.uuid() });

/** `{ items: [...] }`, the shape of every list answer. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
