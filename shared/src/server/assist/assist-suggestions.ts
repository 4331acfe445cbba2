/**
 * Answering category suggestions as the agent types (issue 14). Each API process keeps the active model and the
 * categories in memory: a suggestion is then a lookup per term, no query. Both are refreshed lazily: after `ttlMs`
 * the next request checks the newest active model's id (one indexed row) and re-reads the categories (renamed,
 * deactivated, new keywords); only a changed model id loads the model again. A retrain in this process refreshes at
 * once (`invalidate`), and so does a category edit in this process (`forgetCategories`); other processes follow
 * within the TTL.
 */
import { desc, eq } from 'drizzle-orm';
import type { SuggestionSource } from '../../assist/assist.schemas';
import { KeywordRules } from '../../assist/keyword-rules';
import { NaiveBayesModel } from '../../assist/naive-bayes';
import { distinctTerms } from '../../assist/text-tokens';
import type { Priority, TicketType } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { assistModels, categories, departments } from '../db/schema';
import { categoriesGeneration } from '../reference/category-cache';
import type { StoredAssistModel } from './assist-training';

interface NamedRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export interface CategorySuggestion {
  categoryId: string;
  score: number;
  category: NamedRef & { path: string };
  priority: Priority | null;
  ccDepartments: NamedRef[];
  terms: Array<{ term: string; weight: number }>;
}

export interface SuggestResult {
  items: CategorySuggestion[];
  source: SuggestionSource;
  modelId: string | null;
}

interface Snapshot {
  checkedAt: number;
  /** The category generation read (`categoriesGeneration`): an edit in this process makes the copy stale at once. */
  categoriesGeneration: number;
  modelId: string | null;
  models: Map<string, NaiveBayesModel>;
  /** Active categories of each type, presented once. */
  active: Map<string, CategorySuggestion['category'] & { type: string; priority: Priority | null; ccDepartments: NamedRef[] }>;
  activeIds: Set<string>;
  keywordRules: Map<string, KeywordRules>;
}

export interface SuggestionService {
  suggest(request: { text: string; type: TicketType; limit: number }): Promise<SuggestResult>;
  /** Forget what is cached: the next suggestion reads the active model and the categories again. */
  invalidate(): void;
}

/** A description shorter than this (after trimming) gets no suggestions: too little to go on. */
const MIN_TEXT_LENGTH = 2;

export function createSuggestionService(db: Executor, options: { ttlMs?: number } = {}): SuggestionService {
  const ttlMs = options.ttlMs ?? 5000;
  let snapshot: Snapshot | null = null;
  let refreshing: Promise<Snapshot> | null = null;

  async function refresh(previous: Snapshot | null): Promise<Snapshot> {
    const [newest] = await db
      .select({ id: assistModels.id })
      .from(assistModels)
      .where(eq(assistModels.status, 'active'))
      .orderBy(desc(assistModels.createdAt), desc(assistModels.id))
      .limit(1);
    const modelId = newest?.id ?? null;
    const generation = categoriesGeneration();
    let models = previous && previous.modelId === modelId ? previous.models : new Map<string, NaiveBayesModel>();
    if (modelId && (!previous || previous.modelId !== modelId)) {
      const [row] = await db.select({ model: assistModels.model }).from(assistModels).where(eq(assistModels.id, modelId));
      const stored = row?.model as unknown as StoredAssistModel | undefined;
      models = new Map(Object.entries(stored?.types ?? {}).map(([type, data]) => [type, new NaiveBayesModel(data!)]));
    }

    const [rows, departmentRows] = await Promise.all([
      db.select().from(categories).where(eq(categories.active, true)),
      db.select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn }).from(departments),
    ]);
    const departmentsById = new Map(departmentRows.map((row) => [row.id, row]));
    const active: Snapshot['active'] = new Map();
    const byType = new Map<string, Array<{ id: string; keywords: string[] }>>();
    for (const row of rows) {
      active.set(row.id, {
        id: row.id,
        code: row.code,
        nameZh: row.nameZh,
        nameEn: row.nameEn,
        path: row.path,
        type: row.ticketType,
        priority: (row.defaultPriority as Priority | null) ?? null,
        ccDepartments: row.ccDepartmentIds.flatMap((id) => departmentsById.get(id) ?? []),
      });
      const list = byType.get(row.ticketType) ?? [];
      list.push({ id: row.id, keywords: row.keywords });
      byType.set(row.ticketType, list);
    }
    return {
      checkedAt: Date.now(),
      categoriesGeneration: generation,
      modelId,
      models,
      active,
      activeIds: new Set(active.keys()),
      keywordRules: new Map([...byType].map(([type, list]) => [type, new KeywordRules(list)])),
    };
  }

  async function current(): Promise<Snapshot> {
    if (snapshot && Date.now() - snapshot.checkedAt < ttlMs && snapshot.categoriesGeneration === categoriesGeneration()) return snapshot;
    // One refresh at a time: concurrent requests share it.
    refreshing ??= refresh(snapshot).finally(() => {
      refreshing = null;
    });
    snapshot = await refreshing;
    return snapshot;
  }

  return {
    invalidate() {
      if (snapshot) snapshot = { ...snapshot, checkedAt: 0 };
    },
    async suggest({ text, type, limit }) {
      const state = await current();
      const model = state.models.get(type);
      let source: SuggestionSource = model ? 'model' : 'keywords';
      let modelId = model ? state.modelId : null;
      if (text.trim().length < MIN_TEXT_LENGTH || distinctTerms(text).length === 0) return { items: [], source, modelId };
      let ranked = model ? model.predict(text, { limit, allowed: state.activeIds }) : [];
      // No word the model knows (or none of its categories active): the keyword rules may still know one.
      if (ranked.length === 0) {
        ranked = state.keywordRules.get(type)?.match(text, limit) ?? [];
        if (model && ranked.length > 0) [source, modelId] = ['keywords', null];
      }
      const items = ranked.flatMap((item) => {
        const category = state.active.get(item.categoryId);
        if (!category) return [];
        const { type: _type, priority, ccDepartments, ...named } = category;
        return [{ categoryId: item.categoryId, score: Math.round(item.score * 10000) / 10000, category: named, priority, ccDepartments, terms: item.terms }];
      });
      return { items, source, modelId };
    },
  };
}
