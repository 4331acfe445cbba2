import type { Page } from 'playwright-core';
import { fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { signIn, Steps } from './helpers/browser';
import type { E2eStack } from './helpers/e2e-stack';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * The knowledge base (issue 14) in Chromium against the real API: an editor writes an article for everyone with a
 * Chinese body and publishes it; a dealer finds it by a phrase from the middle of a sentence of the body (no word the
 * title has), sees the phrase highlighted and opens the article. An agent on an enquiry's ticket page finds an
 * agents-only article, resolves the ticket with it at first contact, and the timeline shows it. What the pages show is
 * compared with what the API answers.
 */
const suite = e2eSuite();
let stack: E2eStack;
let fixture: Fixtures;

beforeAll(async () => {
  stack = suite.stack;
  fixture = await fixtures(stack.server);
});

interface Segment {
  text: string;
  hit: boolean;
}
interface SearchHit {
  id: string;
  title: string;
  titleSegments: Segment[];
  snippet: Segment[];
}

const hitsOf = (segments: Segment[]) => segments.filter((segment) => segment.hit).map((segment) => segment.text);

async function apiSearch(api: ApiClient, q: string): Promise<SearchHit[]> {
  const found = await api.get(`/api/kb/articles?q=${encodeURIComponent(q)}`);
  expect(found.status).toBe(200);
  return found.body.items as SearchHit[];
}

/** Types a query into a knowledge-base search box and waits for its answer to be shown. */
async function searchIn(page: Page, scope: string, q: string): Promise<void> {
  const search = page.locator(`${scope} [data-testid="kb-search"]`.trim()).first();
  const input = search.locator('input[data-testid="kb-search-input"], [data-testid="kb-search-input"] input').first();
  await input.fill(q);
  await input.press('Enter');
  await search.locator(`[data-testid="kb-results"][data-loaded="true"][data-query="${q}"]`).waitFor();
}

// Written for this test (not demo data). The phrase the dealer types sits inside a longer sentence of the body and
// shares no character with the title.
const TITLE = '前桥底盘检查指引';
const SENTENCE = '车辆在减速带或坑洼路面低速通过时，右前方传来咯吱咯吱的橡胶摩擦声，冷车时尤其明显，热车后会减轻。';
const PHRASE = '咯吱咯吱的橡胶摩擦声';
const BODY = `## 现象\n\n${SENTENCE}\n\n## 处理\n\n- 举升车辆，检查稳定杆衬套是否老化开裂\n- 必要时更换衬套并涂抹专用润滑脂`;

describe('knowledge base in the browser', () => {
  it('an editor writes and publishes an article for everyone; a dealer finds it by a Chinese phrase inside a sentence', async () => {
    const steps = Steps.forCurrentTest();
    expect([...PHRASE].some((character) => TITLE.includes(character))).toBe(false);
    const editorWindow = await suite.window();
    const editor = editorWindow.page;
    let articleId = '';

    await steps.step('the editor signs in and lands on the knowledge base', editor, async () => {
      await signIn(editor, 'editor');
      await editor.getByTestId('kb-page').waitFor();
      expect(new URL(editor.url()).pathname).toBe('/kb');
      await editor.getByTestId('menu-kb').waitFor();
    });

    await steps.step('writes the article: title, Chinese Markdown body, a symptom, for everyone', editor, async () => {
      await editor.getByTestId('kb-new').click();
      await editor.getByTestId('kb-editor-title').fill(TITLE);
      await editor.getByTestId('kb-editor-body').fill(BODY);
      const symptoms = editor.getByTestId('kb-editor-symptoms').locator('input');
      await symptoms.fill('异响');
      await symptoms.press('Enter');
      await editor.getByTestId('kb-editor-audience-everyone').click();
      await editor.getByTestId('kb-editor-save').click();
      const article = editor.locator('[data-testid="kb-article"][data-status="draft"]');
      await article.waitFor();
      articleId = (await article.getAttribute('data-article-id')) ?? '';
      expect(articleId).toMatch(/^[0-9a-f-]{36}$/);
    });

    await steps.step('publishes it: the page shows what the API stored', editor, async () => {
      await editor.getByTestId('kb-publish').click();
      const published = editor.locator('[data-testid="kb-article"][data-status="published"]');
      await published.waitFor();
      const api = await signedIn(stack.server, 'editor');
      const { body } = await api.get(`/api/kb/articles/${articleId}`);
      expect(body.article).toMatchObject({ title: TITLE, status: 'published', audience: 'everyone', symptoms: ['异响'] });
      expect(await published.getAttribute('data-version')).toBe(String(body.article.version));
      await expect(editor.getByTestId('kb-article-title').innerText()).resolves.toBe(TITLE);
      // The body as the server rendered it: the Markdown's heading and list are elements, the sentence is text.
      const rendered = editor.getByTestId('kb-article-body');
      await expect(rendered.locator('h2').first().innerText()).resolves.toBe('现象');
      expect(await rendered.locator('li').count()).toBe(2);
      await expect(rendered.innerText()).resolves.toContain(SENTENCE);
      expect(await editor.getByTestId('kb-version-row').count()).toBe((await api.get(`/api/kb/articles/${articleId}/versions`)).body.items.length);
    });

    await steps.step('edits it while another editor saves: the page says so and loads the latest version', editor, async () => {
      const api = await signedIn(stack.server, 'editor');
      const { body: before } = await api.get(`/api/kb/articles/${articleId}`);
      await editor.getByTestId('kb-edit').click();
      await editor.locator(`[data-testid="kb-editor"][data-version="${before.article.version}"]`).waitFor();
      // Someone else saves a new version (a second symptom) meanwhile.
      const saved = await api.request('PUT', `/api/kb/articles/${articleId}`, {
        version: before.article.version,
        article: { title: TITLE, body: BODY, audience: 'everyone', symptoms: ['异响', '底盘'] },
      });
      expect(saved.status).toBe(200);
      await editor.getByTestId('kb-editor-title').fill(`${TITLE}（修订）`);
      await editor.getByTestId('kb-editor-save').click();
      await editor.getByTestId('kb-editor-conflict').waitFor();
      // Nothing was saved over the other editor's version.
      expect((await api.get(`/api/kb/articles/${articleId}`)).body.article).toMatchObject({ version: saved.body.article.version, title: TITLE });
      await editor.getByTestId('kb-editor-reload').click();
      await editor.locator(`[data-testid="kb-editor"][data-version="${saved.body.article.version}"]`).waitFor();
      await expect(editor.getByTestId('kb-editor-title').inputValue()).resolves.toBe(TITLE);
      expect(await editor.getByTestId('kb-editor-conflict').count()).toBe(0);
      expect(await editor.getByTestId('kb-editor-symptoms').locator('.ant-select-selection-item').allInnerTexts()).toEqual(saved.body.article.symptoms);
    });

    const dealerWindow = await suite.window();
    const dealer = dealerWindow.page;
    await steps.step('a dealer opens 知识库 and searches the phrase: the hit is highlighted as the API marks it', dealer, async () => {
      await signIn(dealer, 'dealer');
      await dealer.getByTestId('menu-kb').click();
      await dealer.getByTestId('kb-page').waitFor();
      await searchIn(dealer, '[data-testid="kb-page"]', PHRASE);
      const api = await signedIn(stack.server, 'dealer');
      const hits = await apiSearch(api, PHRASE);
      const hit = hits.find((item) => item.id === articleId);
      expect(hit).toBeDefined();
      const result = dealer.locator(`[data-testid="kb-result"][data-article-id="${articleId}"]`);
      await result.waitFor();
      // In the API's rank.
      const shownOrder = await dealer.locator('[data-testid="kb-result"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-article-id')));
      expect(shownOrder).toEqual(hits.map((item) => item.id));
      const marks = await result.getByTestId('kb-result-snippet').locator('mark').allInnerTexts();
      expect(marks).toEqual(hitsOf(hit!.snippet));
      expect(marks.join('')).toContain(PHRASE);
      await expect(result.getByTestId('kb-result-snippet').innerText()).resolves.toContain(PHRASE);
      // The title shares no word with the query: nothing marked there.
      expect(await result.getByTestId('kb-result-title').locator('mark').count()).toBe(hitsOf(hit!.titleSegments).length);
      expect(hitsOf(hit!.titleSegments)).toEqual([]);
    });

    await steps.step('opens the article', dealer, async () => {
      await dealer.locator(`[data-testid="kb-result"][data-article-id="${articleId}"] [data-testid="kb-result-title"]`).click();
      await dealer.locator(`[data-testid="kb-article"][data-article-id="${articleId}"]`).waitFor();
      await expect(dealer.getByTestId('kb-article-title').innerText()).resolves.toBe(TITLE);
      await expect(dealer.getByTestId('kb-article-body').innerText()).resolves.toContain(SENTENCE);
      // Readers do not get the editors' actions.
      expect(await dealer.getByTestId('kb-publish').count()).toBe(0);
      expect(await dealer.getByTestId('kb-edit').count()).toBe(0);
    });
  });

  it('a department user searches the articles meant for departments in the department page’s tab', async () => {
    const steps = Steps.forCurrentTest();
    const { page } = await suite.window();
    const api = await signedIn(stack.server, fixture.departmentA.username);
    const q = '稳定杆衬套';
    const hits = await apiSearch(api, q);
    // At least the article the editor published for everyone above says it.
    expect(hits.some((hit) => hit.title === TITLE)).toBe(true);
    await steps.step('opens the 知识库 tab and searches: the results are the API’s, in its order', page, async () => {
      await signIn(page, fixture.departmentA.username);
      await page.getByTestId('department-tab-kb').click();
      await searchIn(page, '', q);
      const shown = await page.locator('[data-testid="kb-result"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-article-id')));
      expect(shown).toEqual(hits.map((hit) => hit.id));
      // Departments read the articles for everyone only.
      for (const audience of await page.locator('[data-testid="kb-result"] [data-testid="kb-audience"]').evaluateAll((tags) => tags.map((tag) => tag.getAttribute('data-audience')))) {
        expect(audience).toBe('everyone');
      }
      expect(new URL(page.url()).searchParams.get('tab')).toBe('kb');
    });
  });

  it('an agent on an enquiry finds an agents-only article, resolves the ticket with it, and the timeline shows it', async () => {
    const steps = Steps.forCurrentTest();
    const editorApi = await signedIn(stack.server, 'editor');
    const agentApi = await signedIn(stack.server, 'agent');
    const title = '蓝牙电话连接后无声音的处理';
    const created = await editorApi.post('/api/kb/articles', {
      title,
      body: '客户反映手机与车机配对成功，但通话时对方听不到声音或车内扬声器无声。请引导客户在车机设置中删除旧设备后重新配对，并确认手机已授权通讯录与通话音频。',
      audience: 'agents',
      symptoms: ['蓝牙'],
    });
    expect(created.status).toBe(201);
    const published = await editorApi.post(`/api/kb/articles/${created.body.article.id}/publish`, { version: created.body.article.version });
    expect(published.status).toBe(200);
    const articleId: string = published.body.article.id;
    const enquiry = await agentApi.post('/api/tickets', {
      type: 'enquiry',
      channel: 'phone',
      categoryId: fixture.enquiryCategory.id,
      customerId: fixture.customer.id,
      contactName: fixture.customer.name,
      contactPhone: fixture.customer.phone,
      subject: '蓝牙通话没有声音',
      description: '客户询问蓝牙电话接通后没有声音怎么办',
    });
    expect(enquiry.status).toBe(201);
    const ticketId: string = enquiry.body.ticket.id;
    const phrase = '车内扬声器无声';
    const { page } = await suite.window();

    await steps.step('the agent opens the enquiry: the panel searches from the subject', page, async () => {
      await signIn(page, 'agent');
      await page.goto(`/tickets/${ticketId}`);
      await page.getByTestId('ticket-kb-panel').waitFor();
      const panelInput = page.getByTestId('ticket-kb-panel').locator('[data-testid="kb-search-input"] input, input[data-testid="kb-search-input"]').first();
      await expect(panelInput.inputValue()).resolves.toBe('蓝牙通话没有声音');
      await expect(page.getByTestId('ticket-kb-attached').innerText()).resolves.toContain('尚未关联文章');
    });

    await steps.step('searches a phrase of the body and finds the agents-only article', page, async () => {
      await searchIn(page, '[data-testid="ticket-kb-panel"]', phrase);
      expect((await apiSearch(agentApi, phrase)).map((hit) => hit.id)).toContain(articleId);
      const result = page.locator(`[data-testid="ticket-kb-panel"] [data-testid="kb-result"][data-article-id="${articleId}"]`);
      await result.waitFor();
      await result.locator('[data-testid="kb-audience"][data-audience="agents"]').waitFor();
      // The agent may attach it (as a dealer-visible note) and resolve the new enquiry with it: both offered.
      await result.getByTestId('kb-attach').waitFor();
      await result.getByTestId('kb-resolve').waitFor();
      // Not for dealers: the dealer's search does not find it.
      expect((await apiSearch(await signedIn(stack.server, 'dealer'), phrase)).map((hit) => hit.id)).not.toContain(articleId);
    });

    await steps.step('resolves the ticket with the article', page, async () => {
      const result = page.locator(`[data-testid="ticket-kb-panel"] [data-testid="kb-result"][data-article-id="${articleId}"]`);
      await result.getByTestId('kb-resolve').click();
      await page.getByTestId('kb-resolve-comment').fill('已指导客户重新配对');
      await page.getByTestId('kb-resolve-confirm').click();
      await page.locator(`[data-testid="ticket-kb-link"][data-article-id="${articleId}"][data-resolved="true"]`).waitFor();
      await page.locator('[data-testid="ticket-page"] [data-testid="state-tag"][data-status="resolved"]').first().waitFor();
      const { body: stored } = await agentApi.get(`/api/tickets/${ticketId}`);
      expect(stored.ticket.status).toBe('resolved');
      expect(await page.getByTestId('ticket-page').getAttribute('data-version')).toBe(String(stored.ticket.version));
      const { body: links } = await agentApi.get(`/api/tickets/${ticketId}/kb-articles`);
      expect(links.items).toEqual([expect.objectContaining({ articleId, title, resolvedWith: true })]);
      expect(await page.getByTestId('ticket-kb-link').count()).toBe(links.items.length);
    });

    await steps.step('the timeline shows the article used, then the resolution, as the API records them', page, async () => {
      const { body: events } = await agentApi.get(`/api/tickets/${ticketId}/events`);
      const linked = events.items.find((event: { type: string }) => event.type === 'kb_article_linked');
      expect(linked.payload).toMatchObject({ articleId, title, resolve: true });
      const event = page.locator('[data-testid="timeline-event"][data-type="kb_article_linked"]');
      await event.waitFor();
      await expect(event.innerText()).resolves.toContain('引用知识库文章');
      await expect(event.getByTestId('kb-link-event').innerText()).resolves.toContain(title);
      expect(await event.getByTestId('kb-link-event').getAttribute('data-article-id')).toBe(articleId);
      // Newest first: the resolution above the article's use, in the order the API recorded them.
      const recorded = events.items.map((item: { type: string }) => item.type);
      expect(recorded.indexOf('resolved')).toBe(recorded.indexOf('kb_article_linked') + 1);
      const shownTypes = await page.getByTestId('timeline-event').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-type')));
      expect(shownTypes.indexOf('resolved')).toBe(shownTypes.indexOf('kb_article_linked') - 1);
      const { body: article } = await agentApi.get(`/api/kb/articles/${articleId}`);
      expect(article.article).toMatchObject({ usedCount: 1, solvedCount: 1 });
    });
  });
});
