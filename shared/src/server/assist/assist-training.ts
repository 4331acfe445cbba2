/**
 * Training the category suggestions (issue 14): the confirmed history is the platform's closed tickets (an agent
 * confirmed their category when closing; cancelled ones are not history) plus imported labelled complaints
 * (`assist_history`). Per ticket type: a part held out by a hash of the sample's id measures accuracy, then the served
 * model learns from everything. A type with too little history gets no model and falls back to the keyword rules.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { fitTemperature, isHeldOut, type LabelledText, measureAccuracy, NaiveBayesModel, type NaiveBayesData, termCounts, trainNaiveBayes } from '../../assist/naive-bayes';
import { TICKET_TYPES, type TicketType } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { assistHistory, assistModels, categories, tickets, users } from '../db/schema';

/** Below this many samples, or with fewer than two categories, a type's suggestions come from the keyword rules. */
export const MIN_TRAINING_SAMPLES = 50;
export const MIN_TRAINING_CATEGORIES = 2;

/** What is stored in `assist_models.model`: one classifier per ticket type with enough history. */
export interface StoredAssistModel {
  readonly version: 1;
  readonly types: Partial<Record<TicketType, NaiveBayesData>>;
}

export interface TrainingSample extends LabelledText {
  readonly id: string;
  readonly type: TicketType;
  readonly imported: boolean;
}

export const ASSIST_ALGORITHM = 'multinomial-nb';

/** The confirmed history: closed tickets with a category, and imported labelled rows. */
export async function loadTrainingSamples(db: Executor): Promise<TrainingSample[]> {
  const closed = await db
    .select({ id: tickets.id, type: tickets.type, subject: tickets.subject, description: tickets.description, categoryId: tickets.categoryId })
    .from(tickets)
    .where(and(eq(tickets.status, 'closed'), isNotNull(tickets.categoryId)));
  const imported = await db
    .select({ id: assistHistory.id, type: assistHistory.ticketType, text: assistHistory.text, categoryId: assistHistory.categoryId })
    .from(assistHistory);
  return [
    ...closed.map((row) => ({
      id: row.id,
      type: row.type as TicketType,
      text: `${row.subject}\n${row.description}`,
      categoryId: row.categoryId!,
      imported: false,
    })),
    ...imported.map((row) => ({ id: row.id, type: row.type as TicketType, text: row.text, categoryId: row.categoryId, imported: true })),
  ];
}

export interface TrainedModels {
  readonly stored: StoredAssistModel;
  readonly ticketSamples: number;
  readonly importedSamples: number;
  readonly heldOutSamples: number;
  readonly categories: number;
  readonly accuracy: { top1: number; top3: number; perCategory: Array<{ categoryId: string; samples: number; top1: number; top3: number }> };
}

/**
 * Pure training over samples (the bench and the tests call it directly): per type with enough history, accuracy on
 * the held-out part of a model trained on the rest, then the served model on all of it.
 */
export function trainAssistModels(samples: readonly TrainingSample[], heldOutPercent: number): TrainedModels {
  const types: Partial<Record<TicketType, NaiveBayesData>> = {};
  const perCategory: TrainedModels['accuracy']['perCategory'] = [];
  let heldOut = 0;
  let top1 = 0;
  let top3 = 0;
  let ticketSamples = 0;
  let importedSamples = 0;
  const learnedCategories = new Set<string>();
  for (const type of TICKET_TYPES) {
    // Each text is cut into terms once, for the held-out model, its measure and the served model.
    const ofType = samples.filter((sample) => sample.type === type).map((sample) => ({ ...sample, counts: sample.counts ?? termCounts(sample.text) }));
    const categoryCount = new Set(ofType.map((sample) => sample.categoryId)).size;
    if (ofType.length < MIN_TRAINING_SAMPLES || categoryCount < MIN_TRAINING_CATEGORIES) continue;
    const test = ofType.filter((sample) => isHeldOut(sample.id, heldOutPercent));
    const train = ofType.filter((sample) => !isHeldOut(sample.id, heldOutPercent));
    let temperature = 1;
    if (test.length > 0 && train.length > 0) {
      const heldOutModel = new NaiveBayesModel(trainNaiveBayes(train));
      const measured = measureAccuracy(heldOutModel, test);
      temperature = fitTemperature(heldOutModel, test);
      heldOut += test.length;
      top1 += measured.top1 * test.length;
      top3 += measured.top3 * test.length;
      perCategory.push(...measured.perCategory);
    }
    const served = { ...trainNaiveBayes(ofType), temperature };
    types[type] = served;
    for (const id of served.categoryIds) learnedCategories.add(id);
    for (const sample of ofType) {
      if (sample.imported) importedSamples += 1;
      else ticketSamples += 1;
    }
  }
  const round = (value: number) => Math.round(value * 10000) / 10000;
  return {
    stored: { version: 1, types },
    ticketSamples,
    importedSamples,
    heldOutSamples: heldOut,
    categories: learnedCategories.size,
    accuracy: { top1: heldOut ? round(top1 / heldOut) : 0, top3: heldOut ? round(top3 / heldOut) : 0, perCategory },
  };
}

export interface RetrainOptions {
  /** Who asked (null or the system actor: the schedule). */
  readonly actor: Actor | null;
  readonly heldOutPercent: number;
}

/**
 * Train on the confirmed history now and make the result the active model (the previous one is superseded), even
 * when no type had enough history: the stored model then says so, and every type uses the keyword rules.
 */
export async function retrainAssistModel(db: Executor, options: RetrainOptions): Promise<AssistModelRecord> {
  const started = performance.now();
  const samples = await loadTrainingSamples(db);
  const trained = trainAssistModels(samples, options.heldOutPercent);
  const codes = new Map((await db.select({ id: categories.id, code: categories.code }).from(categories)).map((row) => [row.id, row.code]));
  const accuracy = {
    ...trained.accuracy,
    perCategory: trained.accuracy.perCategory.map((entry) => ({ ...entry, code: codes.get(entry.categoryId) ?? '' })),
  };
  const trainMs = Math.round(performance.now() - started);
  const id = randomUUID();
  const trainedBy = options.actor && options.actor.kind === 'user' ? options.actor.id : null;
  await db.transaction(async (tx) => {
    // Two retrains at once (the schedule and an admin) must not leave two active models: one after the other here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('careline.assist_models'))`);
    await tx.update(assistModels).set({ status: 'superseded' }).where(eq(assistModels.status, 'active'));
    await tx.insert(assistModels).values({
      id,
      algorithm: ASSIST_ALGORITHM,
      status: 'active',
      ticketSamples: trained.ticketSamples,
      importedSamples: trained.importedSamples,
      heldOutSamples: trained.heldOutSamples,
      accuracy: { ...accuracy, categories: trained.categories },
      model: trained.stored as unknown as Record<string, unknown>,
      trainMs,
      trainedBy,
    });
  });
  const [record] = await listAssistModels(db, { id });
  return record!;
}

export interface AssistModelRecord {
  id: string;
  algorithm: string;
  status: 'active' | 'superseded';
  ticketSamples: number;
  importedSamples: number;
  heldOutSamples: number;
  categories: number;
  accuracy: { top1: number; top3: number; perCategory: Array<{ categoryId: string; code: string; samples: number; top1: number; top3: number }> };
  trainMs: number;
  trainedByName: string | null;
  createdAt: Date;
}

/** Trained models, newest first, without the model itself (it can be large). */
export async function listAssistModels(db: Executor, filter: { id?: string; limit?: number } = {}): Promise<AssistModelRecord[]> {
  const rows = await db
    .select({
      id: assistModels.id,
      algorithm: assistModels.algorithm,
      status: assistModels.status,
      ticketSamples: assistModels.ticketSamples,
      importedSamples: assistModels.importedSamples,
      heldOutSamples: assistModels.heldOutSamples,
      accuracy: assistModels.accuracy,
      trainMs: assistModels.trainMs,
      trainedByName: users.displayName,
      createdAt: assistModels.createdAt,
    })
    .from(assistModels)
    .leftJoin(users, eq(users.id, assistModels.trainedBy))
    .where(filter.id ? eq(assistModels.id, filter.id) : undefined)
    .orderBy(desc(assistModels.createdAt), desc(assistModels.id))
    .limit(filter.limit ?? 50);
  return rows.map(({ accuracy, ...row }) => {
    const { categories: learned, ...figures } = accuracy as AssistModelRecord['accuracy'] & { categories?: number };
    return { ...row, categories: learned ?? 0, accuracy: figures };
  });
}
