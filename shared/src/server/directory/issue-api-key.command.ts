import { eq } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import type { TCreateApiKeyRequest } from '../../directory/api-key.schemas';
import { AppError } from '../../errors/app-error';
import { createApiKey } from '../auth/sessions';
import type { Database } from '../db/client';
import { dealers } from '../db/schema';
import { access, requireAccess } from '../../auth/access';

/** An admin issues a key for a dealer's system; the secret is in the answer, and only there. */
export async function issueApiKey(db: Database, actor: Actor, input: TCreateApiKeyRequest) {
  requireAccess(actor, access.admin);
  const [dealer] = await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.id, input.dealerId));
  if (!dealer) throw new AppError('UNKNOWN_REFERENCE', { field: 'dealerId' });
  const created = await createApiKey(db, { dealerId: input.dealerId, name: input.name, createdBy: actor.id, actor });
  return { id: created.id, prefix: created.prefix, key: created.key, dealerId: input.dealerId, name: input.name };
}
