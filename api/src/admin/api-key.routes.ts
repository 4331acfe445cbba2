import { AppError, issueApiKeyContract, listApiKeysContract, revokeApiKeyContract } from '@careline/shared';
import { issueApiKey, listApiKeys, revokeApiKey } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** Admins issue and revoke the keys dealer systems (DMS) call the API with. */
export function apiKeyRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listApiKeysContract, async ({ query }) => ({ items: await listApiKeys(db, query.dealerId) })),

    // The only answer that shows the secret.
    implement(issueApiKeyContract, ({ actor, body }) => issueApiKey(db, actor, body)),

    implement(revokeApiKeyContract, async ({ actor, params }) => {
      if (!(await revokeApiKey(db, params.id, actor))) throw new AppError('NOT_FOUND');
    }),
  ];
}
