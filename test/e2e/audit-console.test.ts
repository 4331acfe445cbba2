import { createPublicKey, verify } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { dispatchedComplaint, fixtures } from '../helpers/factories';
import { signedIn } from '../helpers/test-server';
import { signIn, Steps } from './helpers/browser';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * The audit pages in Chromium against the real API, workers, PostgreSQL and Redis: QA opens the audit page from the QA
 * area, verifies everything by hand and sees it pass; takes a checkpoint and downloads it with its signature and the
 * public key (checked here with the public key alone), and verifies against it; then an event is edited in PostgreSQL the way a table owner
 * would, and the next verification raises the live alert on QA's and an admin's screens (not an agent's), and the run's
 * page names the ticket and the event, with links to the ticket and its evidence pack.
 */
const suite = e2eSuite();

/** Runs `click` and returns the file the browser saved: its suggested name and its text. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
}

const runCount = async () => (await suite.stack.server.query<{ count: number }>('select count(*)::int as count from audit_runs'))[0].count;

describe('the audit pages in the browser', () => {
  it('verifies by hand, keeps a checkpoint, and names a tampered event with a live alert', async () => {
    const steps = Steps.forCurrentTest();
    const fixture = await fixtures(suite.stack.server);
    const agentApi = await signedIn(suite.stack.server, 'agent');
    const ticket = await dispatchedComplaint(agentApi, fixture, fixture.dealerA.id);
    const qa = await suite.window();
    const page = qa.page;

    await steps.step('QA opens the audit tab of the QA area', page, async () => {
      await signIn(page, 'qa');
      // QA lands on the report; the audit page is a tab of the QA area.
      await page.getByTestId('report-page').waitFor();
      await page.getByTestId('menu-qa').click();
      await page.getByTestId('qa-area').waitFor();
      await page.getByTestId('qa-tab-audit').click();
      await page.getByTestId('audit-runs').waitFor();
      expect(new URL(page.url()).pathname).toBe('/qa/audit');
      // A fresh database: no run yet, and the page says so.
      await page.getByTestId('audit-runs').getByText('尚无校验记录').waitFor();
    });

    const before = await runCount();
    await steps.step('starts a verification: it finishes clean and is listed as started by hand', page, async () => {
      await page.getByTestId('audit-verify-now').click();
      const result = page.getByTestId('audit-run-result');
      await result.waitFor();
      await expect(result.getAttribute('data-ok')).resolves.toBe('true');
      expect(await result.innerText()).toContain('校验通过');
      const runId = (await result.getAttribute('data-run-id')) as string;
      const row = page.locator(`[data-testid="audit-run-row"][data-run-id="${runId}"]`);
      await row.waitFor();
      await expect(row.getAttribute('data-ok')).resolves.toBe('true');
      expect(await row.innerText()).toContain('手动');
      await expect(row.getByTestId('audit-run-problems').innerText()).resolves.toBe('0');
      const [stored] = await suite.stack.server.query<{ ok: boolean; trigger: string; problem_count: number }>('select ok, trigger, problem_count from audit_runs where id = $1', [runId]);
      expect(stored).toEqual({ ok: true, trigger: 'api', problem_count: 0 });
    });
    expect(await runCount()).toBe(before + 1);

    const api = await signedIn(suite.stack.server, 'qa');
    let checkpointId = '';
    await steps.step('takes a checkpoint: listed with its chains and a valid signature', page, async () => {
      await page.getByTestId('audit-view-checkpoints').click();
      await page.getByTestId('audit-checkpoints').waitFor();
      await page.getByTestId('audit-checkpoints').getByText('尚无检查点').waitFor();
      await page.getByTestId('audit-checkpoint-create').click();
      const row = page.getByTestId('audit-checkpoint-row');
      await row.waitFor();
      checkpointId = (await row.getAttribute('data-checkpoint-id')) as string;
      expect((await api.get('/api/audit/checkpoints')).body.checkpoints.map((checkpoint: { id: string }) => checkpoint.id)).toEqual([checkpointId]);
      await expect(row.getAttribute('data-valid')).resolves.toBe('true');
      const [{ count }] = await suite.stack.server.query<{ count: number }>('select count(*)::int as count from tickets');
      expect(await row.locator('td').allInnerTexts()).toEqual(expect.arrayContaining([String(count), '签名有效']));
    });

    await steps.step('downloads the checkpoint, its signature and the public key: they check offline', page, async () => {
      const row = page.locator(`[data-testid="audit-checkpoint-row"][data-checkpoint-id="${checkpointId}"]`);
      const file = await downloaded(page, () => row.getByTestId('audit-checkpoint-download').click());
      const signature = await downloaded(page, () => row.getByTestId('audit-checkpoint-download-signature').click());
      const key = await downloaded(page, () => page.getByTestId('audit-public-key-download').click());
      expect([file.name, signature.name]).toEqual([`${checkpointId}.json`, `${checkpointId}.json.sig`]);
      const onDisk = await readFile(`${suite.stack.server.context.config.auditCheckpointDir}/${checkpointId}.json`, 'utf8');
      expect(file.text).toBe(onDisk);
      expect(JSON.parse(file.text)).toMatchObject({ id: checkpointId, tickets: expect.arrayContaining([expect.objectContaining({ ticketId: ticket.id })]) });
      // What QA does with the files alone: no secret, the public key from the page.
      expect(verify(null, Buffer.from(file.text, 'utf8'), createPublicKey(key.text), Buffer.from(signature.text, 'base64'))).toBe(true);
      expect(verify(null, Buffer.from(file.text.replace(/"events": \d+/, '"events": 999'), 'utf8'), createPublicKey(key.text), Buffer.from(signature.text, 'base64'))).toBe(false);
      expect(await page.getByTestId('audit-public-key-fingerprint').innerText()).toBe((await api.get('/api/audit/public-key')).body.fingerprint);
    });

    await steps.step('verifies against this checkpoint: the run’s page says it passed, against that checkpoint', page, async () => {
      await page.locator(`[data-testid="audit-checkpoint-row"][data-checkpoint-id="${checkpointId}"]`).getByTestId('audit-checkpoint-verify').click();
      const runPage = page.locator('[data-testid="audit-run-page"][data-ok="true"]');
      await runPage.waitFor();
      const runId = (await runPage.getAttribute('data-run-id')) as string;
      expect(new URL(page.url()).pathname).toBe(`/qa/audit/runs/${runId}`);
      expect(await runPage.innerText()).toContain(checkpointId);
      await page.getByTestId('audit-run-clean').waitFor();
      const [stored] = await suite.stack.server.query<{ checkpoint_id: string; ok: boolean }>('select checkpoint_id, ok from audit_runs where id = $1', [runId]);
      expect(stored).toEqual({ checkpoint_id: checkpointId, ok: true });
      await page.getByTestId('audit-run-back').click();
      await page.getByTestId('audit-runs').waitFor();
    });

    // An admin and an agent are signed in elsewhere: the alert is for QA and admins only.
    const admin = await suite.window();
    const agent = await suite.window();
    await signIn(admin.page, 'admin');
    await signIn(agent.page, 'agent');
    await agent.page.goto('/tickets');

    // A table owner edits an event of the ticket behind the application's back (as the tamper matrix does).
    const [event] = await suite.stack.server.query<{ sequence: number }>('select sequence from ticket_events where ticket_id = $1 order by sequence desc limit 1', [ticket.id]);
    await suite.stack.server.query('alter table ticket_events disable trigger ticket_events_append_only');
    await suite.stack.server.query(`update ticket_events set payload = payload || '{"e2e": "改过"}'::jsonb where ticket_id = $1 and sequence = $2`, [ticket.id, event.sequence]);
    await suite.stack.server.query('alter table ticket_events enable trigger ticket_events_append_only');

    let runId = '';
    await steps.step('verifies again: the live alert appears and the run is listed as broken', page, async () => {
      await page.getByTestId('audit-view-runs').click();
      await page.getByTestId('audit-verify-now').click();
      const result = page.locator('[data-testid="audit-run-result"][data-ok="false"]');
      await result.waitFor();
      runId = (await result.getAttribute('data-run-id')) as string;
      const alert = page.locator(`[data-testid="audit-alert"][data-run-id="${runId}"]`);
      await alert.waitFor();
      expect(await alert.innerText()).toContain('审计告警');
      await page.locator(`[data-testid="audit-run-row"][data-run-id="${runId}"][data-ok="false"]`).waitFor();
    });

    await steps.step('the admin sees the alert on whatever page is open, and dismisses it; the agent does not see it', admin.page, async () => {
      await admin.page.locator(`[data-testid="audit-alert"][data-run-id="${runId}"]`).waitFor();
      expect(await agent.page.getByTestId('audit-alert').count()).toBe(0);
      // It follows the admin from page to page until dismissed.
      await admin.page.getByTestId('menu-admin').click();
      await admin.page.getByTestId('admin-tab-routing').waitFor();
      await admin.page.locator(`[data-testid="audit-alert"][data-run-id="${runId}"]`).waitFor();
      await admin.page.getByTestId('audit-alert-close').click();
      await admin.page.getByTestId('audit-alert').waitFor({ state: 'detached' });
    });

    await steps.step('the alert opens the run: it names the ticket and the edited event, with links', page, async () => {
      await page.getByTestId('audit-alert-open').click();
      await page.locator(`[data-testid="audit-run-page"][data-run-id="${runId}"][data-ok="false"]`).waitFor();
      expect(new URL(page.url()).pathname).toBe(`/qa/audit/runs/${runId}`);
      expect(await page.getByTestId('audit-alert').count()).toBe(0);
      const row = page.locator(`[data-testid="audit-problem-row"][data-ticket-id="${ticket.id}"][data-problem="hash_mismatch"]`);
      await row.waitFor();
      await expect(row.getAttribute('data-sequence')).resolves.toBe(String(event.sequence));
      await expect(row.getByTestId('audit-problem-ticket').innerText()).resolves.toBe(ticket.number);
      expect(await row.getByTestId('audit-problem-where').innerText()).toBe(`第 ${event.sequence} 条事件`);
      expect(await row.getByTestId('audit-problem-kind').innerText()).toBe('哈希不符（内容被改动）');
      // Nothing else is named: only the tampered ticket.
      const named = await page.getByTestId('audit-problem-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ticket-id')));
      expect(new Set(named)).toEqual(new Set([ticket.id]));
      expect(await page.locator('body').innerText()).not.toMatch(/\b(audit|qa)\.[a-z]+\.[a-zA-Z]/);
    });

    await steps.step('from the problem to the ticket’s evidence pack, which says the same', page, async () => {
      await page.locator(`[data-testid="audit-problem-row"][data-ticket-id="${ticket.id}"]`).first().getByTestId('audit-problem-evidence').click();
      const verdict = page.locator('[data-testid="qa-evidence-verdict"][data-ok="false"]');
      await verdict.waitFor();
      expect(new URL(page.url()).pathname).toBe(`/qa/evidence/${ticket.id}`);
      await verdict.locator('[data-testid="qa-evidence-problem"][data-problem="hash_mismatch"]').first().waitFor();
    });
  });

  it('shows the audit pages in English, and to admins in Administration', async () => {
    const steps = Steps.forCurrentTest();
    const admin = await suite.window();
    const page = admin.page;
    await steps.step('the admin opens Administration → Audit in English and verifies', page, async () => {
      await signIn(page, 'admin');
      await page.goto('/admin/audit');
      await page.getByTestId('audit-runs').waitFor();
      await page.getByTestId('language-switch').getByText('EN', { exact: true }).click();
      await page.getByTestId('admin-tab-audit').waitFor();
      await page.getByTestId('audit-verify-now').getByText('Verify now').waitFor();
      await page.getByTestId('audit-verify-now').click();
      await page.locator('[data-testid="audit-run-result"]').getByText(/^Verif/).waitFor();
      expect(await page.locator('body').innerText()).not.toMatch(/\b(audit|admin)\.[a-z]+\.[a-zA-Z]/);
    });
    const agent = await suite.window();
    await steps.step('an agent opening the audit page by URL gets "no access"', agent.page, async () => {
      await signIn(agent.page, 'agent');
      await agent.page.goto('/qa/audit');
      await agent.page.getByText('无权访问此页面').waitFor();
      expect(await agent.page.getByTestId('audit-page').count()).toBe(0);
    });
  });
});
