import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { join } from 'node:path';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { importAndWait } from '../helpers/imports';
import { signIn, Steps } from './helpers/browser';
import type { E2eStack } from './helpers/e2e-stack';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * Category suggestions (issue 14) in Chromium against the real API, workers and database: labelled Chinese complaints
 * (test/fixtures/complaints-zh.csv, written for the fixtures) are imported as history; an admin retrains on the
 * 分类建议模型 page and sees the accuracy the API reports; an agent types a complaint's description, sees three
 * suggestions — the ones the API answers for the same text, with their confidence, priority and words — applies one,
 * and the ticket is saved in that category.
 */
const suite = e2eSuite();
let stack: E2eStack;
let admin: ApiClient;
let agent: ApiClient;

/** Not a line of the fixture: a caller's own words about a noisy engine on cold mornings. */
const DESCRIPTION = '客户来电说这几天早上冷车刚启动的时候，发动机那边一直有咔咔的响声，开一会儿就好了，担心发动机有问题';

interface Suggestion {
  categoryId: string;
  score: number;
  category: { code: string; nameZh: string };
  priority: string | null;
  terms: Array<{ term: string }>;
}

async function importHistory(fileName: string): Promise<{ status: string; acceptedRows: number }> {
  return importAndWait(admin, readFileSync(join(__dirname, '..', 'fixtures', fileName)), { kind: 'complaint_history', source: 'hotline', fileName });
}

/** As the model page shows a share. */
const percentOf = (share: number) => `${(share * 100).toFixed(1)} %`;

beforeAll(async () => {
  stack = suite.stack;
  admin = await signedIn(stack.server, 'admin');
  agent = await signedIn(stack.server, 'agent');
  const imported = await importHistory('complaints-zh.csv');
  expect(imported).toMatchObject({ status: 'done', acceptedRows: 200 });
});

describe('category suggestions in the browser', () => {
  it('an admin retrains on the imported history; an agent types a complaint, applies a suggestion and saves it in that category', async () => {
    const steps = Steps.forCurrentTest();
    const adminWindow = await suite.window();

    const modelId = await steps.step('the admin retrains on 分类建议模型 and sees the accuracy the API reports', adminWindow.page, async () => {
      const { page } = adminWindow;
      await signIn(page, 'admin');
      await page.goto('/admin/assist');
      await page.getByTestId('admin-assist').waitFor();
      // Nothing trained yet.
      expect(await page.getByTestId('assist-model-row').count()).toBe(0);
      await page.getByTestId('assist-retrain').click();
      const retrained = page.getByTestId('assist-retrained');
      await retrained.waitFor();
      const id = await retrained.getAttribute('data-model-id');
      const { body } = await admin.get('/api/admin/assist/models');
      expect(body.items.map((item: { id: string }) => item.id)).toEqual([id]);
      const [stored] = body.items;
      // Every imported row is a sample (the held-out part among them).
      expect(stored).toMatchObject({ status: 'active', importedSamples: 200 });
      expect(stored.heldOutSamples).toBeGreaterThan(0);
      // The answer and the list show the API's figures.
      await expect(retrained.innerText()).resolves.toContain(percentOf(stored.accuracy.top1));
      const row = page.locator(`[data-testid="assist-model-row"][data-model-id="${id}"]`);
      await expect(row.getByTestId('assist-model-top1').innerText()).resolves.toBe(percentOf(stored.accuracy.top1));
      await expect(row.getByTestId('assist-model-top3').innerText()).resolves.toBe(percentOf(stored.accuracy.top3));
      expect(await row.getAttribute('data-status')).toBe('active');
      // One row per category the held-out part holds, as the API counts them.
      await expect(page.getByTestId('assist-per-category').locator('[data-testid="assist-category-row"]').count()).resolves.toBe(stored.accuracy.perCategory.length);
      return id!;
    });

    // What the API suggests for the same text (the form sends the subject and the description, as the model learned
    // closed tickets), as the agent: the page must show these.
    const subject = `E2E 冷车异响 ${Date.now()}`;
    const { body: expected } = await agent.post('/api/assist/suggest', { text: `${subject}\n${DESCRIPTION}`, type: 'complaint' });
    expect(expected).toMatchObject({ source: 'model', modelId });
    expect(expected.items).toHaveLength(3);
    const suggestions = expected.items as Suggestion[];
    // Applied in turn: the first; one with a default priority (brakes: P2), which sets the priority too; the first
    // again once the agent has chosen a priority, which stays.
    const [first] = suggestions;
    const withPriority = suggestions.find((suggestion) => suggestion !== first && suggestion.priority !== null)!;
    expect(withPriority).toBeDefined();
    const agentsPriority = ['P1', 'P2', 'P3', 'P4'].find((priority) => priority !== withPriority.priority && priority !== first.priority)!;

    const { page } = await suite.window();
    await steps.step('the agent opens a complaint and types its description', page, async () => {
      await signIn(page, 'agent');
      await page.getByTestId('ticket-form').waitFor();
      await page.getByTestId('ticket-type-complaint').click();
      await page.getByTestId('ticket-contact-name').fill('王先生');
      await page.getByTestId('ticket-contact-phone').fill('13800138000');
      await page.getByTestId('ticket-subject').fill(subject);
      await page.getByTestId('ticket-description').pressSequentially(DESCRIPTION);
    });

    await steps.step('sees the three suggestions the API gives, with confidence, priority and words', page, async () => {
      const panel = page.locator('[data-testid="category-suggestions"][data-pending="false"][data-source="model"]');
      await panel.waitFor();
      expect(await panel.getAttribute('data-model-id')).toBe(modelId);
      const rows = panel.getByTestId('category-suggestion');
      await expect(rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-category-id')))).resolves.toEqual(
        suggestions.map((suggestion) => suggestion.categoryId),
      );
      for (const [index, suggestion] of suggestions.entries()) {
        const row = rows.nth(index);
        const percent = Math.round(suggestion.score * 100);
        await expect(row.getByTestId('category-suggestion-confidence').innerText()).resolves.toBe(`置信度 ${percent === 0 ? '<1' : percent}%`);
        // The path as the category picker shows it, ending in the category's own name.
        await expect(row.getByTestId('category-suggestion-name').innerText()).resolves.toMatch(new RegExp(`${suggestion.category.nameZh}$`));
        if (suggestion.priority) expect(await row.getByTestId('category-suggestion-priority').getAttribute('data-priority')).toBe(suggestion.priority);
        else expect(await row.getByTestId('category-suggestion-priority').count()).toBe(0);
        const shownTerms = await row.getByTestId('category-suggestion-terms').locator('.ant-tag').allInnerTexts();
        expect(shownTerms).toEqual(suggestion.terms.slice(0, 4).map((term) => term.term));
      }
      await expect(panel.getByTestId('category-suggestions-source').innerText()).resolves.toContain('由历史工单学习');
    });

    const suggestionRow = (suggestion: Suggestion) => page.locator(`[data-testid="category-suggestion"][data-category-id="${suggestion.categoryId}"]`);
    /** Clicks a suggestion's apply button; the form's category then shows its path. */
    const apply = async (suggestion: Suggestion) => {
      await suggestionRow(suggestion).getByTestId('category-suggestion-apply').click();
      await page.locator(`[data-testid="category-suggestion"][data-category-id="${suggestion.categoryId}"][data-chosen="true"]`).waitFor();
      const path = await suggestionRow(suggestion).getByTestId('category-suggestion-name').innerText();
      await expect(page.getByTestId('ticket-category').innerText()).resolves.toContain(path);
    };
    const priorityShown = () => page.getByTestId('ticket-priority').innerText();

    await steps.step('applies the first: the category picker shows it', page, async () => {
      await apply(first);
      await expect(priorityShown()).resolves.toContain(first.priority ?? '自动');
    });

    await steps.step('applies one with a default priority: the priority follows it', page, async () => {
      await apply(withPriority);
      await expect(priorityShown()).resolves.toContain(withPriority.priority!);
    });

    await steps.step('chooses a priority, applies the first again: the agent’s priority stays', page, async () => {
      await page.getByTestId('ticket-priority').click();
      await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title^="${agentsPriority}"]`).click();
      await apply(first);
      await expect(priorityShown()).resolves.toContain(agentsPriority);
    });

    await steps.step('saves: the ticket is in the category applied, with the agent’s priority', page, async () => {
      await page.getByTestId('ticket-submit').click();
      const number = (await page.getByTestId('created-ticket').getByTestId('ticket-number').innerText()).trim();
      const [saved] = await stack.server.query<{ category_id: string; priority: string; subject: string }>(
        `select category_id, priority, subject from tickets where number = $1`,
        [number],
      );
      expect(saved).toEqual({ category_id: first.categoryId, priority: agentsPriority, subject });
    });
  });
  it('keeps the last answer while the next loads, and never shows an answer to an older text', async () => {
    const steps = Steps.forCurrentTest();
    const texts = {
      engine: '冷车启动的时候发动机有咔咔的异响',
      engineAndAircon: '冷车启动的时候发动机有咔咔的异响，另外空调也不制冷，出风口一直是热风',
      water: '下雨以后车门密封条漏水，脚垫全湿了，后备箱也有积水',
    };
    const answers = Object.fromEntries(
      await Promise.all(
        Object.entries(texts).map(async ([key, text]) => {
          const { body } = await agent.post('/api/assist/suggest', { text, type: 'complaint' });
          return [key, (body.items as Suggestion[]).map((item) => `${item.categoryId}:${item.score}`)];
        }),
      ),
    ) as Record<keyof typeof texts, string[]>;
    // Three different answers, or the page could not tell them apart.
    expect(new Set(Object.values(answers).map((answer) => answer.join())).size).toBe(3);

    const { page } = await suite.window();
    // Every suggest request is held until the test lets its text through to the real API, in the order the test
    // chooses. A text may be asked again (a refetch when the window gains focus or the live connection comes up):
    // once its text was let through, a request goes straight on.
    const held = new Map<string, Route[]>();
    const released = new Set<string>();
    const waiting = new Map<string, () => void>();
    await page.route('**/api/assist/suggest', async (route) => {
      const text = (route.request().postDataJSON() as { text: string }).text;
      held.set(text, [...(held.get(text) ?? []), route]);
      waiting.get(text)?.();
      if (released.has(text)) await route.continue().catch(() => undefined);
    });
    /** Resolves once the page has asked about `text` (its request is then held). */
    const arrivalOf = (text: string) => (held.has(text) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(text, resolve)));
    // Answers whether one went through (react-query aborts the request of a query nobody watches any more).
    const release = async (text: string) => {
      released.add(text);
      let continued = false;
      for (const route of held.get(text) ?? []) continued = (await route.continue().then(() => true, () => false)) || continued;
      return continued;
    };
    /** Waits until the page has received every answer to `text` that was let through. */
    const delivered = async (text: string) => {
      for (const route of held.get(text) ?? []) await (await route.request().response().catch(() => null))?.finished();
    };
    const shown = (target: Page) =>
      target.getByTestId('category-suggestion').evaluateAll((rows) => rows.map((row) => `${row.getAttribute('data-category-id')}:${row.getAttribute('data-score')}`));
    const panel = page.getByTestId('category-suggestions');

    await steps.step('the agent types a description: its answer shows', page, async () => {
      await signIn(page, 'agent');
      await page.getByTestId('ticket-form').waitFor();
      const asked = arrivalOf(texts.engine);
      await page.getByTestId('ticket-description').fill(texts.engine);
      await asked;
      await release(texts.engine);
      await page.locator('[data-testid="category-suggestions"][data-pending="false"]').waitFor();
      await expect(shown(page)).resolves.toEqual(answers.engine);
    });

    await steps.step('types on: while the next answer loads, the last one stays', page, async () => {
      const asked = arrivalOf(texts.engineAndAircon);
      await page.getByTestId('ticket-description').fill(texts.engineAndAircon);
      await asked;
      expect(await panel.getAttribute('data-pending')).toBe('true');
      await expect(shown(page)).resolves.toEqual(answers.engine);
    });

    await steps.step('rewrites it before that answer came: the late answer to the older text is not shown', page, async () => {
      const asked = arrivalOf(texts.water);
      await page.getByTestId('ticket-description').fill(texts.water);
      await asked;
      await release(texts.water);
      await page.locator('[data-testid="category-suggestions"][data-pending="false"]').waitFor();
      await expect(shown(page)).resolves.toEqual(answers.water);
      // The older question's answer arrives last (or its request was given up): the page keeps the newer one, also
      // after two more frames.
      if (await release(texts.engineAndAircon)) await delivered(texts.engineAndAircon);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      await expect(shown(page)).resolves.toEqual(answers.water);
      expect(await panel.getAttribute('data-pending')).toBe('false');
    });

    await steps.step('in English, the suggestions speak English', page, async () => {
      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      const source = (await panel.getAttribute('data-source')) as 'model' | 'keywords';
      await expect(panel.getByTestId('category-suggestions-source').innerText()).resolves.toBe(`· ${source === 'model' ? 'learned from past tickets' : 'keyword rules'}`);
      await expect(panel.getByTestId('category-suggestion-confidence').first().innerText()).resolves.toMatch(/^(<1|\d+)% confident$/);
      await expect(panel.getByTestId('category-suggestion-apply').first().innerText()).resolves.toBe('Apply');
      expect(await panel.innerText()).not.toMatch(/置信度|建议类别|采用/);
      await expect(shown(page)).resolves.toEqual(answers.water);
    });
  });
});
