import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KeywordRules } from '../../shared/src/assist/keyword-rules';
import { CATEGORIES } from '../../shared/src/demo/reference-data';
import { fitTemperature, isHeldOut, measureAccuracy, NaiveBayesModel, trainNaiveBayes, type LabelledText } from '../../shared/src/assist/naive-bayes';
import { cleanseComplaintHistoryRow } from '../../shared/src/import/import-cleanse';
import { suggestMapping } from '../../shared/src/import/import-columns';
import { trainAssistModels, type TrainingSample } from '../../shared/src/server/assist/assist-training';
import { findHistoryCategory } from '../../shared/src/server/import/run-import';
import { readCsv } from '../helpers/csv';

const FIXTURES = join(__dirname, '..', 'fixtures');

/** NHTSA complaints (English, public domain) labelled with careline categories: test/fixtures/README.md. */
function nhtsa(): Array<LabelledText & { id: string }> {
  const [, ...rows] = readCsv(readFileSync(join(FIXTURES, 'nhtsa-labelled.csv'), 'utf8'));
  return rows.filter((row) => row.length === 4).map(([odi, , category, text]) => ({ id: `nhtsa-${odi}`, categoryId: category!, text: text! }));
}

/** Chinese complaints written for the fixtures. */
function chinese(): Array<LabelledText & { id: string }> {
  const [, ...rows] = readCsv(readFileSync(join(FIXTURES, 'complaints-zh.csv'), 'utf8'));
  return rows.filter((row) => row.length === 3).map(([text, category], index) => ({ id: `zh-${index + 1}`, categoryId: category!, text: text! }));
}

const split = <T extends { id: string }>(samples: readonly T[], percent: number) => ({
  train: samples.filter((sample) => !isHeldOut(sample.id, percent)),
  test: samples.filter((sample) => isHeldOut(sample.id, percent)),
});

describe('category suggestions: naive Bayes', () => {
  it('learns the NHTSA complaints: top-1 and top-3 accuracy on a held-out fifth above the floors it really reaches', () => {
    const { train, test } = split(nhtsa(), 20);
    expect(train.length).toBeGreaterThan(550);
    expect(test.length).toBeGreaterThan(120);
    const accuracy = measureAccuracy(new NaiveBayesModel(trainNaiveBayes(train)), test);
    // Measured 0.765 top-1 and 0.904 top-3 (11 categories, the largest 28 % of the rows): floors a bit below.
    expect(accuracy.top1).toBeGreaterThanOrEqual(0.72);
    expect(accuracy.top3).toBeGreaterThanOrEqual(0.87);
    const engine = accuracy.perCategory.find((entry) => entry.categoryId === 'C-COMPLAINT-PRODUCT-ENGINE')!;
    expect(engine.samples).toBeGreaterThan(20);
    expect(engine.top3).toBeGreaterThan(0.8);
  });

  it('learns Chinese complaints from character unigrams and bigrams, with no word list', () => {
    const { train, test } = split(chinese(), 20);
    const accuracy = measureAccuracy(new NaiveBayesModel(trainNaiveBayes(train)), test);
    // Measured 0.86 top-1, 0.98 top-3 on 43 held-out texts of 10 categories.
    expect(accuracy.top1).toBeGreaterThanOrEqual(0.8);
    expect(accuracy.top3).toBeGreaterThanOrEqual(0.93);
  });

  it('explains a suggestion with the words that weighed for its category, strongest first', () => {
    const model = new NaiveBayesModel(trainNaiveBayes([...nhtsa(), ...chinese()]));
    const [brakes] = model.predict('The brakes squeal and the pedal went to the floor when stopping');
    expect(brakes!.categoryId).toBe('C-COMPLAINT-PRODUCT-BRAKES');
    const words = brakes!.terms.map((term) => term.term);
    expect(words.slice(0, 3)).toEqual(expect.arrayContaining(['brake', 'pedal']));
    expect(words).not.toContain('the');
    const weights = brakes!.terms.map((term) => term.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights.every((weight) => weight > 0)).toBe(true);

    const [zh] = model.predict('客户说踩刹车时有异响，刹车踏板也有点软');
    expect(zh!.categoryId).toBe('C-COMPLAINT-PRODUCT-BRAKES');
    // The pair 刹车, not its lone characters.
    expect(zh!.terms[0]!.term).toBe('刹车');
    expect(zh!.terms.map((term) => term.term)).not.toContain('刹');
  });

  it('ranks three, with scores that share 1 among the categories offered, and leaves out categories not allowed', () => {
    const model = new NaiveBayesModel(trainNaiveBayes(chinese()));
    const ranked = model.predict('空调不制冷，吹出来是热风', { limit: 10 });
    expect(ranked[0]!.categoryId).toBe('C-COMPLAINT-PRODUCT-EXTRA-AIRCON');
    expect(ranked.reduce((sum, item) => sum + item.score, 0)).toBeCloseTo(1, 6);
    expect(model.predict('空调不制冷，吹出来是热风')).toHaveLength(3);
    const allowed = new Set(model.categoryIds.filter((id) => id !== 'C-COMPLAINT-PRODUCT-EXTRA-AIRCON'));
    const without = model.predict('空调不制冷，吹出来是热风', { allowed });
    expect(without.map((item) => item.categoryId)).not.toContain('C-COMPLAINT-PRODUCT-EXTRA-AIRCON');
    expect(without.reduce((sum, item) => sum + item.score, 0)).toBeLessThanOrEqual(1.000001);
    expect(model.predict('xyzzy qwerty')).toEqual([]);
  });

  it('calibrates its scores on held-out texts: the top score says about how often the top suggestion is right', () => {
    const samples = nhtsa();
    const train = samples.filter((sample) => !isHeldOut(sample.id, 40));
    const calibrate = samples.filter((sample) => isHeldOut(sample.id, 40) && isHeldOut(`calibrate-${sample.id}`, 50));
    const evaluate = samples.filter((sample) => isHeldOut(sample.id, 40) && !isHeldOut(`calibrate-${sample.id}`, 50));
    const data = trainNaiveBayes(train);
    const temperature = fitTemperature(new NaiveBayesModel(data), calibrate);
    expect(temperature).toBeGreaterThan(1);
    const gap = (model: NaiveBayesModel) => {
      const tops = evaluate.map((sample) => model.predict(sample.text, { limit: 1 })[0]!);
      const meanScore = tops.reduce((sum, top) => sum + top.score, 0) / tops.length;
      const right = tops.filter((top, index) => top.categoryId === evaluate[index]!.categoryId).length / tops.length;
      return meanScore - right;
    };
    const raw = gap(new NaiveBayesModel(data));
    const calibrated = gap(new NaiveBayesModel({ ...data, temperature }));
    // Uncalibrated it is sure of nearly everything; calibrated, its confidence is near its accuracy.
    expect(raw).toBeGreaterThan(0.15);
    expect(Math.abs(calibrated)).toBeLessThan(0.1);
    expect(Math.abs(calibrated)).toBeLessThan(raw);
  });

  it('stores as plain JSON and answers the same after a round trip', () => {
    const data = trainNaiveBayes(chinese());
    const stored = JSON.parse(JSON.stringify(data));
    const text = '仪表提示动力电池故障，充不上电';
    expect(new NaiveBayesModel(stored).predict(text)).toEqual(new NaiveBayesModel(data).predict(text));
    // Terms seen in one text only are dropped: a fraction of the vocabulary.
    const all = trainNaiveBayes(chinese(), { minDocuments: 1 });
    expect(Object.keys(data.counts).length).toBeLessThan(Object.keys(all.counts).length / 2);
  });

  it('holds out the same samples every time, about the share asked for', () => {
    const ids = Array.from({ length: 5000 }, (_, index) => `sample-${index}`);
    const held = ids.filter((id) => isHeldOut(id, 20));
    expect(held.length / ids.length).toBeGreaterThan(0.17);
    expect(held.length / ids.length).toBeLessThan(0.23);
    expect(ids.filter((id) => isHeldOut(id, 20))).toEqual(held);
  });
});

describe('category suggestions: training per ticket type', () => {
  const sample = (id: string, type: TrainingSample['type'], categoryId: string, text: string, imported = false): TrainingSample => ({ id, type, categoryId, text, imported });

  it('trains the types with enough history, counts imported samples apart, and leaves the others to the keywords', () => {
    const complaints = chinese().map((item, index) => sample(item.id, 'complaint', item.categoryId, item.text, index % 2 === 0));
    const fewEnquiries = Array.from({ length: 10 }, (_, index) => sample(`e${index}`, 'enquiry', index % 2 ? 'C-ENQUIRY-PRICE' : 'C-ENQUIRY-WARRANTY', '价格多少'));
    const trained = trainAssistModels([...complaints, ...fewEnquiries], 20);
    expect(Object.keys(trained.stored.types)).toEqual(['complaint']);
    expect(trained.importedSamples).toBe(100);
    expect(trained.ticketSamples).toBe(100);
    expect(trained.categories).toBe(10);
    expect(trained.heldOutSamples).toBe(complaints.filter((item) => isHeldOut(item.id, 20)).length);
    expect(trained.accuracy.top1).toBeGreaterThan(0.7);
    expect(trained.accuracy.perCategory.reduce((sum, entry) => sum + entry.samples, 0)).toBe(trained.heldOutSamples);
  });

  it('gives a type with a single category no model', () => {
    const one = Array.from({ length: 80 }, (_, index) => sample(`r${index}`, 'roadside', 'C-ROADSIDE-FLAT-TYRE', '爆胎了'));
    expect(trainAssistModels(one, 20).stored.types).toEqual({});
  });
});

describe('category suggestions: keyword rules', () => {
  const rules = new KeywordRules([
    { id: 'engine', keywords: ['发动机', '发动机异响', 'engine', 'engine noise'] },
    { id: 'brakes', keywords: ['刹车', '刹车失灵', 'brake', 'brake failure'] },
    { id: 'empty', keywords: [] },
  ]);

  it('finds a Chinese keyword inside a sentence without word boundaries, and weighs a longer one more', () => {
    const [first, second] = rules.match('客户反映冷启动时发动机异响，刹车也不太灵');
    expect(first!.categoryId).toBe('engine');
    expect(first!.terms.map((term) => term.term)).toEqual(['发动机异响', '发动机']);
    expect(second!.categoryId).toBe('brakes');
    expect(first!.score + second!.score).toBeCloseTo(1, 3);
    expect(first!.score).toBeGreaterThan(second!.score);
  });

  it('gives the demo categories keywords that each find their own category in a sentence', () => {
    const withKeywords = CATEGORIES.filter((category) => category.keywords.length > 0);
    for (const type of ['complaint', 'enquiry', 'roadside', 'suggestion', 'praise', 'lead']) {
      expect(withKeywords.filter((category) => category.ticketType === type).length).toBeGreaterThanOrEqual(3);
    }
    for (const category of withKeywords) {
      for (const keyword of category.keywords) {
        const alone = new KeywordRules([{ id: category.code, keywords: [keyword] }]);
        expect([category.code, keyword, alone.match(`客户来电说：${keyword}。`)[0]?.categoryId]).toEqual([category.code, keyword, category.code]);
      }
    }
  });

  it('matches an English keyword by its stemmed words, in any order and form', () => {
    const [first] = rules.match('Complete FAILURE of the braking system, twice on the highway');
    expect(first!.categoryId).toBe('brakes');
    expect(first!.terms.map((term) => term.term)).toEqual(['brake failure', 'brake']);
    expect(rules.match('the radio is too loud')).toEqual([]);
  });
});

describe('complaint history import rows', () => {
  it('maps the usual headers and reads a row, with the type in Chinese or English', () => {
    expect(suggestMapping('complaint_history', ['投诉内容', '分类代码', '受理日期', '工单类型'])).toEqual({ text: '投诉内容', category: '分类代码', date: '受理日期', type: '工单类型' });
    expect(cleanseComplaintHistoryRow({ text: ' 刹车  异响 ', category: 'C-COMPLAINT-PRODUCT-BRAKES', date: '2024/3/5', type: '投诉' })).toEqual({
      ok: true,
      record: { text: '刹车 异响', category: 'C-COMPLAINT-PRODUCT-BRAKES', date: '2024-03-05', type: 'complaint' },
      flags: [],
    });
  });

  it('rejects an empty text, a missing category, a bad date and an unknown type, all at once', () => {
    const result = cleanseComplaintHistoryRow({ text: '无', category: '', date: '2024-02-30', type: 'gossip' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => `${problem.field}:${problem.rule}`)).toEqual(['text:REQUIRED_MISSING', 'category:REQUIRED_MISSING', 'date:DATE_UNPARSEABLE', 'type:TICKET_TYPE_INVALID']);
  });

  it('finds a category by code or by name, of the row type, and says when a name is ambiguous', () => {
    const known = [
      { id: '1', code: 'C-COMPLAINT-PRODUCT-ENGINE-NOISE', nameZh: '异响', nameEn: 'Abnormal noise', ticketType: 'complaint' },
      { id: '2', code: 'C-COMPLAINT-PRODUCT-TRANSMISSION-NOISE', nameZh: '异响', nameEn: 'Noise', ticketType: 'complaint' },
      { id: '3', code: 'C-ENQUIRY-OTHER', nameZh: '其他咨询', nameEn: 'Other', ticketType: 'enquiry' },
      { id: '4', code: 'C-COMPLAINT-OTHER', nameZh: '其他投诉', nameEn: 'Other', ticketType: 'complaint' },
    ];
    expect(findHistoryCategory(known, 'c-complaint-product-engine-noise', undefined)).toMatchObject({ id: '1' });
    expect(findHistoryCategory(known, '异响', undefined)).toBe('ambiguous');
    expect(findHistoryCategory(known, 'noise', undefined)).toMatchObject({ id: '2' });
    // "Other" is both an enquiry's and a complaint's: without a type, the complaint one; with one, that type's.
    expect(findHistoryCategory(known, 'Other', undefined)).toMatchObject({ id: '4' });
    expect(findHistoryCategory(known, 'Other', 'enquiry')).toMatchObject({ id: '3' });
    expect(findHistoryCategory(known, 'C-ENQUIRY-OTHER', 'complaint')).toBeNull();
    expect(findHistoryCategory(known, '发动机', undefined)).toBeNull();
  });
});
