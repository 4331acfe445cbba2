import { z } from 'zod';

export const ZGeocodeQuery = z.strictObject({ address: z.string().trim().min(1).max(200) });

/** No parent: the provinces; a province's code: its cities; a city's code: its districts. Codes are GB/T 2260. */
export const ZPlacesQuery = z.strictObject({ parent: z.string().regex(/^\d{6}$/u, 'a six-digit GB/T 2260 code').optional() });
