/**
 * The category suggestions' classifier: a multinomial naive Bayes over the terms of a text (Chinese character unigrams
 * and bigrams, stemmed English words: `textTerms(text, { unigrams: true })`), with Laplace smoothing, in log space.
 * It is small and explainable: what it stores is how often each term occurred under each category, and a suggestion's
 * reasons are the text's terms that weighed most for that category against all the others.
 *
 * Pure: trained and read from plain data; the server stores `NaiveBayesData` as jsonb and loads it once per process.
 */
import { textTerms } from './text-tokens';

export interface LabelledText {
  readonly text: string;
  readonly categoryId: string;
  /** The text's terms, when already counted (`termCounts`): training and measuring then cut each text once. */
  readonly counts?: ReadonlyMap<string, number>;
}

/** What is stored (jsonb): term counts per category, sparse. Counts, not probabilities: exact and compact. */
export interface NaiveBayesData {
  readonly algorithm: 'multinomial-nb';
  readonly alpha: number;
  readonly categoryIds: readonly string[];
  /** Training texts per category (the prior). */
  readonly documents: readonly number[];
  /** term → [categoryIndex, count, categoryIndex, count, …]. */
  readonly counts: Readonly<Record<string, readonly number[]>>;
  /**
   * Naive Bayes counts every term as independent evidence, so its probabilities are far too sure (0.9999 beside 1e-9).
   * The scores are a softmax of the log-probabilities divided by this, fitted on the held-out part (`fitTemperature`);
   * the ranking does not change. 1 when absent.
   */
  readonly temperature?: number;
}

export interface TrainOptions {
  /** Laplace smoothing (add-alpha); 1 by default. */
  readonly alpha?: number;
  /** Terms seen in fewer training texts than this are dropped (noise, and most of a model's size); 2 by default. */
  readonly minDocuments?: number;
}

/** The features of a text: each distinct term with how often it occurs. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { term } of textTerms(text, { unigrams: true })) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Count the terms of labelled texts per category. Texts without a term teach nothing and are skipped. */
export function trainNaiveBayes(samples: Iterable<LabelledText>, options: TrainOptions = {}): NaiveBayesData {
  const alpha = options.alpha ?? 1;
  const minDocuments = options.minDocuments ?? 2;
  const categoryIndex = new Map<string, number>();
  const documents: number[] = [];
  const perTerm = new Map<string, { documents: number; counts: Map<number, number> }>();
  for (const sample of samples) {
    const counts = sample.counts ?? termCounts(sample.text);
    if (counts.size === 0) continue;
    let index = categoryIndex.get(sample.categoryId);
    if (index === undefined) {
      index = categoryIndex.size;
      categoryIndex.set(sample.categoryId, index);
      documents.push(0);
    }
    documents[index]! += 1;
    for (const [term, count] of counts) {
      let entry = perTerm.get(term);
      if (!entry) perTerm.set(term, (entry = { documents: 0, counts: new Map() }));
      entry.documents += 1;
      entry.counts.set(index, (entry.counts.get(index) ?? 0) + count);
    }
  }
  const counts: Record<string, number[]> = {};
  for (const [term, entry] of perTerm) {
    if (entry.documents < minDocuments) continue;
    counts[term] = [...entry.counts].sort((a, b) => a[0] - b[0]).flat();
  }
  return { algorithm: 'multinomial-nb', alpha, categoryIds: [...categoryIndex.keys()], documents, counts };
}

export interface WeightedTerm {
  readonly term: string;
  readonly weight: number;
}

export interface Prediction {
  readonly categoryId: string;
  /** The posterior probability over the categories asked about (they sum to 1). */
  readonly score: number;
  /** The text's terms that weighed most for this category against the others, strongest first. */
  readonly terms: WeightedTerm[];
}

export interface PredictOptions {
  /** How many predictions (default 3). */
  readonly limit?: number;
  /** Only these categories are offered (e.g. the active ones); the scores are shared among them. */
  readonly allowed?: ReadonlySet<string>;
  /** How many reason terms per prediction (default 5). */
  readonly terms?: number;
}

/**
 * A trained model ready to answer: the log-probabilities are computed once here, so a prediction is a lookup and a
 * sum per term of the text (well under a millisecond for a description).
 */
export class NaiveBayesModel {
  readonly categoryIds: readonly string[];
  private readonly logPrior: Float64Array;
  /** Row per vocabulary term: log P(term | category) for each category. */
  private readonly logLikelihood: Float64Array;
  /** Row per vocabulary term: log P(term | any other category): the reasons' baseline. */
  private readonly logOthers: Float64Array;
  private readonly vocabulary: Map<string, number>;

  constructor(readonly data: NaiveBayesData) {
    const categories = data.categoryIds.length;
    const terms = Object.keys(data.counts);
    const size = terms.length;
    this.categoryIds = data.categoryIds;
    this.vocabulary = new Map(terms.map((term, index) => [term, index]));
    const totalDocuments = data.documents.reduce((sum, count) => sum + count, 0);
    this.logPrior = Float64Array.from(data.documents, (count) => Math.log(count / totalDocuments));

    const termTotals = new Float64Array(categories);
    const dense = new Float64Array(size * categories);
    terms.forEach((term, row) => {
      const pairs = data.counts[term]!;
      for (let i = 0; i < pairs.length; i += 2) {
        dense[row * categories + pairs[i]!] = pairs[i + 1]!;
        termTotals[pairs[i]!]! += pairs[i + 1]!;
      }
    });
    const allTerms = termTotals.reduce((sum, count) => sum + count, 0);
    const alpha = data.alpha;
    this.logLikelihood = new Float64Array(size * categories);
    this.logOthers = new Float64Array(size * categories);
    for (let row = 0; row < size; row++) {
      let rowTotal = 0;
      for (let c = 0; c < categories; c++) rowTotal += dense[row * categories + c]!;
      for (let c = 0; c < categories; c++) {
        const count = dense[row * categories + c]!;
        this.logLikelihood[row * categories + c] = Math.log((count + alpha) / (termTotals[c]! + alpha * size));
        this.logOthers[row * categories + c] = Math.log((rowTotal - count + alpha) / (allTerms - termTotals[c]! + alpha * size));
      }
    }
  }

  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** The most likely categories for a text, best first; [] when the text has no term the model knows. */
  predict(text: string, options: PredictOptions = {}): Prediction[] {
    return this.predictCounts(termCounts(text), options);
  }

  /** `predict` for a text whose terms are already counted. */
  predictCounts(counts: ReadonlyMap<string, number>, options: PredictOptions = {}): Prediction[] {
    const limit = options.limit ?? 3;
    const categories = this.categoryIds.length;
    const known: Array<{ term: string; row: number; count: number }> = [];
    for (const [term, count] of counts) {
      const row = this.vocabulary.get(term);
      if (row !== undefined) known.push({ term, row, count });
    }
    if (known.length === 0) return [];

    const candidates: number[] = [];
    for (let c = 0; c < categories; c++) if (!options.allowed || options.allowed.has(this.categoryIds[c]!)) candidates.push(c);
    if (candidates.length === 0) return [];
    const joint = candidates.map((c) => this.jointOf(known, c));
    // Softmax in log space: subtract the largest so the exponentials neither overflow nor all vanish.
    const top = Math.max(...joint);
    const temperature = this.data.temperature ?? 1;
    const exp = joint.map((value) => Math.exp((value - top) / temperature));
    const total = exp.reduce((sum, value) => sum + value, 0);
    const ranked = candidates.map((c, i) => ({ c, score: exp[i]! / total })).sort((a, b) => b.score - a.score || a.c - b.c);

    return ranked.slice(0, limit).map(({ c, score }) => ({
      categoryId: this.categoryIds[c]!,
      score,
      terms: this.reasons(known, c, options.terms ?? 5),
    }));
  }

  /** log P(c) + Σ count × log P(term | c) over the known terms of a text. */
  private jointOf(known: ReadonlyArray<{ row: number; count: number }>, c: number): number {
    const categories = this.categoryIds.length;
    let sum = this.logPrior[c]!;
    for (const { row, count } of known) sum += count * this.logLikelihood[row * categories + c]!;
    return sum;
  }

  /** The log-joint of every category for counted terms (null: no known term): for fitting the temperature. */
  logJoints(counts: ReadonlyMap<string, number>): number[] | null {
    const known: Array<{ row: number; count: number }> = [];
    for (const [term, count] of counts) {
      const row = this.vocabulary.get(term);
      if (row !== undefined) known.push({ row, count });
    }
    return known.length === 0 ? null : this.categoryIds.map((_id, c) => this.jointOf(known, c));
  }

  /** The text's terms that speak for category `c` rather than the others: count × (log P(t|c) − log P(t|others)) > 0. */
  private reasons(known: ReadonlyArray<{ term: string; row: number; count: number }>, c: number, limit: number): WeightedTerm[] {
    const categories = this.categoryIds.length;
    if (limit <= 0) return [];
    const weighed = known
      .map(({ term, row, count }) => ({
        term,
        weight: count * (this.logLikelihood[row * categories + c]! - this.logOthers[row * categories + c]!),
      }))
      .filter((entry) => entry.weight > 0);
    // A single Chinese character says less to a reader than the pair it is part of (刹 beside 刹车): show the pair.
    const longer = weighed.filter((entry) => entry.term.length > 1).map((entry) => entry.term);
    return weighed
      .filter((entry) => !(entry.term.length === 1 && longer.some((term) => term.includes(entry.term))))
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
      .slice(0, limit)
      .map((entry) => ({ term: entry.term, weight: Math.round(entry.weight * 1000) / 1000 }));
  }
}

export interface Accuracy {
  readonly top1: number;
  readonly top3: number;
  readonly perCategory: Array<{ categoryId: string; samples: number; top1: number; top3: number }>;
}

/** How often the true category came first, and among the first three, over labelled texts the model did not learn from. */
export function measureAccuracy(model: NaiveBayesModel, samples: readonly LabelledText[]): Accuracy {
  const perCategory = new Map<string, { samples: number; top1: number; top3: number }>();
  let top1 = 0;
  let top3 = 0;
  for (const sample of samples) {
    const ranked = model.predictCounts(sample.counts ?? termCounts(sample.text), { limit: 3, terms: 0 }).map((prediction) => prediction.categoryId);
    const entry = perCategory.get(sample.categoryId) ?? { samples: 0, top1: 0, top3: 0 };
    perCategory.set(sample.categoryId, entry);
    entry.samples += 1;
    if (ranked[0] === sample.categoryId) {
      top1 += 1;
      entry.top1 += 1;
    }
    if (ranked.includes(sample.categoryId)) {
      top3 += 1;
      entry.top3 += 1;
    }
  }
  const share = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 10000) / 10000);
  return {
    top1: share(top1, samples.length),
    top3: share(top3, samples.length),
    perCategory: [...perCategory]
      .map(([categoryId, entry]) => ({ categoryId, samples: entry.samples, top1: share(entry.top1, entry.samples), top3: share(entry.top3, entry.samples) }))
      .sort((a, b) => b.samples - a.samples || (a.categoryId < b.categoryId ? -1 : 1)),
  };
}

const TEMPERATURES = [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64];

/**
 * The temperature whose scores best fit texts the model did not learn from (the least log-loss of their true
 * categories, over a fixed grid): temperature scaling, the usual calibration; 1 when there is nothing to fit on.
 */
export function fitTemperature(model: NaiveBayesModel, samples: readonly LabelledText[]): number {
  const indexOf = new Map(model.categoryIds.map((id, index) => [id, index]));
  const cases = samples.flatMap((sample) => {
    const truth = indexOf.get(sample.categoryId);
    const joints = truth === undefined ? null : model.logJoints(sample.counts ?? termCounts(sample.text));
    return joints ? [{ joints, truth: truth! }] : [];
  });
  if (cases.length === 0) return 1;
  let best = { temperature: 1, loss: Number.POSITIVE_INFINITY };
  for (const temperature of TEMPERATURES) {
    let loss = 0;
    for (const { joints, truth } of cases) {
      const top = Math.max(...joints);
      const total = joints.reduce((sum, value) => sum + Math.exp((value - top) / temperature), 0);
      loss -= (joints[truth]! - top) / temperature - Math.log(total);
    }
    if (loss < best.loss) best = { temperature, loss };
  }
  return best.temperature;
}

/**
 * Whether a sample is held out to measure accuracy: decided by a hash of its id (FNV-1a), so the same history always
 * splits the same way and a retrain's figures compare with the last one's.
 */
export function isHeldOut(sampleId: string, heldOutPercent: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sampleId.length; i++) {
    hash ^= sampleId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100 < heldOutPercent;
}
