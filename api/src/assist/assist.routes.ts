import { listAssistModelsContract, retrainAssistContract, suggestCategoriesContract } from '@careline/shared';
import { createSuggestionService, listAssistModels, retrainAssistModel } from '@careline/shared/server';
import type { AppContext } from '../context';
import { type Implementation, implement } from '../http/mount-contracts';

/**
 * Category suggestions (shared/src/server/assist): suggest as the agent types, retrain now, the trained models.
 * The process keeps the active model in memory (createSuggestionService); a retrain here refreshes it at once.
 */
export function assistRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  const suggestions = createSuggestionService(db);
  return [
    implement(suggestCategoriesContract, ({ body }) => suggestions.suggest(body)),
    implement(retrainAssistContract, async ({ actor, body }) => {
      const model = await retrainAssistModel(db, { actor, heldOutPercent: body.heldOutPercent });
      suggestions.invalidate();
      return { model };
    }),
    implement(listAssistModelsContract, async () => ({ items: await listAssistModels(db) })),
  ];
}
