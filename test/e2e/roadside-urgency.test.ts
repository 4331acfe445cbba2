import { randomBytes } from 'node:crypto';
import { createTicket } from '@careline/shared/server';
import { actorOfUser, fixtures, type Fixtures } from '../helpers/factories';
import { type ApiClient, signedIn } from '../helpers/test-server';
import { waitFor } from '../helpers/wait-for';
import { signIn, Steps } from './helpers/browser';
import { e2eSuite } from './helpers/e2e-suite';

/**
 * Issue 12, urgency first: a new rescue comes in live at the head of the agent's queue — above a three-week-old
 * enquiry changed a moment ago — tinted, its wait counting, with a beep and a browser notification; and the provider's
 * phone page sends the truck's position (the browser's, or typed coordinates when the browser will not tell); the
 * supervisor board is told, with sound and a notification, when a rescue gets nobody.
 */
const suite = e2eSuite();
let fixture: Fixtures;
let agentApi: ApiClient;
const INCIDENT = { lat: 29.5, lng: 119.5 };
const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true };
const DAY = 24 * 3_600_000;

function roadside(subject: string) {
  return {
    type: 'roadside',
    channel: 'phone',
    contactName: '李娜',
    contactPhone: '13912345678',
    subject,
    description: '车辆无法启动，停在应急车道',
    location: { address: '杭州绕城高速 K30', ...INCIDENT },
    roadsideType: 'breakdown',
  };
}

async function createRoadside(subject: string): Promise<{ id: string; number: string }> {
  const created = await agentApi.post('/api/tickets', roadside(subject));
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  return created.body.ticket;
}

/** The browser's Notification, recorded: permission granted, each notification's title and body kept on `window`. */
function recordNotifications() {
  const shown: Array<{ title: string; body?: string }> = [];
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, body: options?.body });
    }
    close() {}
  }
  Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
}

beforeAll(async () => {
  const { server } = suite.stack;
  fixture = await fixtures(server);
  agentApi = await signedIn(server, 'agent');
  // One rescue provider open around the clock, right beside the incident: it gets every offer.
  await server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), rescue_24h = true, lat = $2, lng = $3 where id = $1`, [
    fixture.dealerA.id,
    INCIDENT.lat + 0.01,
    INCIDENT.lng,
  ]);
});

describe('roadside first', () => {
  it("a new rescue heads the agent's queue live, tinted and counting, with a beep and a notification", async () => {
    const steps = Steps.forCurrentTest();
    const { server } = suite.stack;
    const tag = randomBytes(3).toString('hex').toUpperCase();
    // A held enquiry from three weeks ago, touched just now: "latest change first" puts it on top of the open tickets.
    const agentActor = await actorOfUser(server, 'agent');
    const { ticket: old } = await createTicket({
      db: server.database.db,
      actor: agentActor,
      input: { type: 'enquiry', channel: 'phone', contactName: '赵敏', contactPhone: '13700001111', subject: `E2E 三周前的咨询 ${tag}`, description: '保养周期' } as never,
      now: new Date(Date.now() - 21 * DAY),
    });
    expect((await agentApi.post(`/api/tickets/${old.id}/notes`, { visibility: 'internal', body: '客户再次来电' })).status).toBe(201);

    const agent = await suite.window();
    await agent.context.addInitScript(recordNotifications);
    const { page } = agent;
    const rows = page.getByTestId('ticket-row');
    const order = async () => rows.evaluateAll((elements) => elements.map((row) => ({ id: row.getAttribute('data-ticket-id'), roadside: row.getAttribute('data-roadside') })));
    await steps.step("the agent's open tickets: the old enquiry first among the rest", page, async () => {
      await signIn(page, 'agent');
      await page.goto('/tickets?view=team');
      await page.locator(`[data-testid="ticket-row"][data-ticket-id="${old.id}"]`).waitFor();
      await page.getByTestId('roadside-alerts').waitFor();
      const shown = await order();
      expect(shown.find((row) => row.roadside !== 'open')?.id).toBe(old.id);
    });

    const rescue = await createRoadside(`E2E 高速抛锚 ${tag}`);
    await steps.step('a rescue is taken: it comes in at the top, tinted, its wait counting', page, async () => {
      const row = page.locator(`[data-testid="ticket-row"][data-ticket-id="${rescue.id}"]`);
      await row.waitFor();
      expect(await row.getAttribute('data-roadside')).toBe('open');
      await expect(row.getByTestId('roadside-waiting').innerText()).resolves.toMatch(/已等待 \d{2}:\d{2}:\d{2}/);
      const shown = await order();
      const firstOther = shown.findIndex((item) => item.roadside !== 'open');
      // Every open rescue before everything else, this one among them, the enquiry after.
      expect(shown.slice(firstOther).some((item) => item.roadside === 'open')).toBe(false);
      expect(shown.findIndex((item) => item.id === rescue.id)).toBeLessThan(firstOther);
      expect(shown[firstOther].id).toBe(old.id);
    });
    await steps.step('the agent is told: a browser notification naming the rescue', page, async () => {
      const notified = await waitFor(
        async () => {
          const shown = await page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body?: string }> }).shownNotifications);
          return shown.find((item) => item.title.includes(rescue.number));
        },
        'rescue notification',
      );
      expect(notified).toEqual({ title: `新道路救援：${rescue.number}`, body: `E2E 高速抛锚 ${tag}` });
    });
  });

  it('the supervisor board beeps and notifies when a rescue gets nobody', async () => {
    const steps = Steps.forCurrentTest();
    const { server } = suite.stack;
    const supervisor = await suite.window();
    await supervisor.context.addInitScript(recordNotifications);
    const { page } = supervisor;
    await steps.step('the supervisor board, its alerts on', page, async () => {
      await signIn(page, 'supervisor');
      await page.goto('/supervisor');
      await page.getByTestId('supervisor-queue').waitFor();
      await page.getByTestId('roadside-alerts').waitFor();
    });
    // Nobody does rescue for this one: it goes to the board at once (`roadside_unassigned`).
    await server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue') where id = $1`, [fixture.dealerA.id]);
    let rescue: { id: string; number: string };
    try {
      rescue = await createRoadside(`E2E 无人接单 ${randomBytes(3).toString('hex').toUpperCase()}`);
    } finally {
      await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue') where id = $1`, [fixture.dealerA.id]);
    }
    await steps.step('nobody accepted: a notification, and the rescue heads the board', page, async () => {
      const notified = await waitFor(
        async () => (await page.evaluate(() => (window as unknown as { shownNotifications: Array<{ title: string; body?: string }> }).shownNotifications)).find((item) => item.title === '救援无人接单'),
        'unassigned notification',
      );
      expect(notified?.body).toContain('班长看板');
      await page.getByTestId('supervisor-queue').locator(`[data-testid="ticket-row"][data-ticket-id="${rescue.id}"]`).waitFor();
      const first = page.getByTestId('supervisor-queue').getByTestId('ticket-row').first();
      await expect(first.getAttribute('data-ticket-id')).resolves.toBe(rescue.id);
    });
  });

  it("the provider sends the phone's position after accepting, and typed coordinates when the browser will not tell", async () => {
    const steps = Steps.forCurrentTest();
    const { server } = suite.stack;
    const rescue = await createRoadside(`E2E 位置上报 ${randomBytes(3).toString('hex').toUpperCase()}`);
    const truck = { latitude: 29.55, longitude: 119.52 };
    const provider = await suite.window({ ...PHONE, geolocation: truck, permissions: ['geolocation'] });
    const card = provider.page.getByTestId('roadside-urgent').getByTestId('roadside-offer-card').filter({ hasText: rescue.number });
    const lastPosition = async () =>
      (await server.query<{ last_position: { lat: number; lng: number } | null }>(`select last_position from roadside_jobs where ticket_id = $1`, [rescue.id]))[0].last_position;

    await steps.step('the provider accepts on its phone: the step buttons and the position button', provider.page, async () => {
      await signIn(provider.page, fixture.dealerA.username);
      await card.getByTestId('roadside-eta').fill('25');
      await card.getByTestId('roadside-accept').click();
      await card.getByTestId('roadside-step-en_route').waitFor();
      await card.getByTestId('roadside-send-position').waitFor();
      expect(await lastPosition()).toBeNull();
    });
    await steps.step('"发送当前位置": the browser\'s position reaches the job', provider.page, async () => {
      await card.getByTestId('roadside-send-position').click();
      await card.locator('[data-testid="roadside-position-outcome"][data-outcome="sent"]').waitFor();
      expect(await card.getByTestId('roadside-position-outcome').innerText()).toContain('位置已发送：29.55000, 119.52000');
      expect(await lastPosition()).toMatchObject({ lat: truck.latitude, lng: truck.longitude });
    });
    const tracked = await agentApi.get(`/api/tickets/${rescue.id}/roadside`);
    expect(tracked.body.job.lastPosition).toMatchObject({ lat: truck.latitude, lng: truck.longitude });

    // A second phone of the same provider whose browser refuses to tell where it is (location permission denied).
    const denied = await suite.window(PHONE);
    await denied.context.addInitScript(() => {
      navigator.geolocation.getCurrentPosition = (_success, failure) =>
        failure?.({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'User denied Geolocation' } as GeolocationPositionError);
    });
    const deniedCard = denied.page.getByTestId('roadside-urgent').getByTestId('roadside-offer-card').filter({ hasText: rescue.number });
    await steps.step('permission denied: said plainly, and the coordinates can be typed', denied.page, async () => {
      await signIn(denied.page, fixture.dealerA.username);
      await deniedCard.getByTestId('roadside-send-position').click();
      await deniedCard.locator('[data-testid="roadside-position-outcome"][data-outcome="failed"]').waitFor();
      expect(await deniedCard.getByTestId('roadside-position-outcome').innerText()).toContain('未获定位权限');
      await deniedCard.getByTestId('roadside-position-manual').fill('abc');
      expect(await deniedCard.getByTestId('roadside-position-manual-send').isDisabled()).toBe(true);
    });
    await steps.step('pasted "lng, lat" as map services give it: read the right way round and sent', denied.page, async () => {
      await deniedCard.getByTestId('roadside-position-manual').fill('119.61, 29.58');
      await deniedCard.getByTestId('roadside-position-manual-send').click();
      await deniedCard.locator('[data-testid="roadside-position-outcome"][data-outcome="sent"]').waitFor();
      expect(await lastPosition()).toMatchObject({ lat: 29.58, lng: 119.61 });
    });
  });
});
