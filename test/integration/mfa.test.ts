import { DEMO_PASSWORD } from '@careline/shared/server';
import { generateSync } from 'otplib';
import { authenticate } from '../../api/src/auth/auth.middleware';
import { ApiClient, signedIn, startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  // Supervisors must use TOTP here; agents and QA may choose to.
  server = await startTestServer({ mfaRequiredRoles: ['supervisor'] });
});

afterAll(() => server?.close());

/** The code of the next 30-second step: accepted (one step of drift allowed) and later than any code used before. */
const nextCode = (secret: string) => generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
const currentCode = (secret: string) => generateSync({ secret });
/** A 6-digit code that is valid in none of the steps the server accepts now. */
function wrongCode(secret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set([-60, -30, 0, 30, 60].map((offset) => generateSync({ secret, epoch: now + offset })));
  for (let candidate = 123456; ; candidate += 1) if (!valid.has(String(candidate))) return String(candidate);
}

async function enrol(client: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await client.post('/api/auth/mfa/enrol');
  expect(started.status).toBe(200);
  expect(started.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
  expect(started.body.otpauthUri).toContain(`secret=${started.body.secret}`);
  expect(started.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
  const confirmed = await client.post('/api/auth/mfa/confirm', { code: currentCode(started.body.secret) });
  expect(confirmed.status).toBe(200);
  return { secret: started.body.secret, recoveryCodes: confirmed.body.recoveryCodes };
}

async function passwordStep(username: string): Promise<{ client: ApiClient; next: string | null }> {
  const client = new ApiClient(server.url);
  const response = await client.post('/api/auth/login', { username, password: DEMO_PASSWORD });
  expect(response.status).toBe(200);
  return { client, next: response.body.next };
}

describe('two-factor sign-in (TOTP)', () => {
  let secret: string;
  let recoveryCodes: string[];

  it('keeps a pending enrolment’s secret when the page asks again, also two requests at once', async () => {
    const dealer = await signedIn(server, 'dealer.manager');
    const [first, second] = await Promise.all([dealer.post('/api/auth/mfa/enrol'), dealer.post('/api/auth/mfa/enrol')]);
    expect(first.status).toBe(200);
    expect(second.body.secret).toBe(first.body.secret);
    const again = await dealer.post('/api/auth/mfa/enrol');
    expect(again.body).toMatchObject({ secret: first.body.secret, otpauthUri: first.body.otpauthUri });
    // A code of that secret confirms it.
    const confirmed = await dealer.post('/api/auth/mfa/confirm', { code: currentCode(first.body.secret) });
    expect(confirmed.status).toBe(200);
    expect((await dealer.post('/api/auth/mfa/enrol')).body.error.code).toBe('MFA_ALREADY_ENABLED');
  });

  it('enrols voluntarily: secret, QR image, confirmation with a code, ten recovery codes stored only as hashes', async () => {
    const agent = await signedIn(server, 'agent');
    ({ secret, recoveryCodes } = await enrol(agent));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const [row] = await server.query<{ totp_enabled_at: Date | null; recovery_codes: Array<{ hash: string; usedAt: null }> }>(
      `select totp_enabled_at, recovery_codes from users where username = 'agent'`,
    );
    expect(row.totp_enabled_at).not.toBeNull();
    expect(JSON.stringify(row.recovery_codes)).not.toContain(recoveryCodes[0]);
    expect(row.recovery_codes[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await agent.get('/api/auth/mfa')).body).toMatchObject({ enabled: true, required: false, recoveryCodesLeft: 10 });
    // Enrolled already: a second enrolment is refused, the secret stays.
    expect((await agent.post('/api/auth/mfa/enrol')).body.error.code).toBe('MFA_ALREADY_ENABLED');
  });

  it('asks for the code after the password; the half-signed-in session reaches nothing but the second step', async () => {
    const { client, next } = await passwordStep('agent');
    expect(next).toBe('mfa');
    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.stage).toBe('mfa');
    for (const path of ['/api/tickets', '/api/dealers', '/api/customers/lookup?phone=13800000000']) {
      const refused = await client.get(path);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('MFA_REQUIRED');
    }
    // The socket handshake authenticates with the same function: a pending session is nobody there.
    expect(await authenticate(server.context, { cookie: client.cookie })).toBeNull();
  });

  it('refuses a wrong code, then signs in with the right one under a new session cookie', async () => {
    const { client } = await passwordStep('agent');
    const pendingCookie = client.cookie!;
    const wrong = await client.post('/api/auth/mfa/verify', { code: wrongCode(secret) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_MFA_CODE');
    const code = nextCode(secret);
    const verified = await client.post('/api/auth/mfa/verify', { code });
    expect(verified.status).toBe(200);
    expect(verified.body.stage).toBe('active');
    expect((await client.get('/api/tickets')).status).toBe(200);
    expect(await authenticate(server.context, { cookie: client.cookie })).not.toBeNull();
    // The token that existed before the second factor is gone.
    expect((await new ApiClient(server.url, { cookie: pendingCookie }).get('/api/auth/me')).status).toBe(401);

    // The same code again (a replay, e.g. shoulder-surfed) is refused.
    const again = await passwordStep('agent');
    const replay = await again.client.post('/api/auth/mfa/verify', { code });
    expect(replay.body.error.code).toBe('INVALID_MFA_CODE');
    expect((await again.client.get('/api/tickets')).status).toBe(403);
  });

  it('takes a recovery code once', async () => {
    const first = await passwordStep('agent');
    const used = await first.client.post('/api/auth/mfa/verify', { recoveryCode: recoveryCodes[3].toUpperCase() });
    expect(used.status).toBe(200);
    expect((await first.client.get('/api/auth/mfa')).body.recoveryCodesLeft).toBe(9);
    const second = await passwordStep('agent');
    const reused = await second.client.post('/api/auth/mfa/verify', { recoveryCode: recoveryCodes[3] });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('INVALID_MFA_CODE');
  });

  it('refuses malformed second-step bodies with VALIDATION_FAILED', async () => {
    const { client } = await passwordStep('agent');
    for (const body of [{}, { code: '12345' }, { code: 123456 }, { code: '123456', recoveryCode: 'abcde-fghij' }, { recoveryCode: 'abc$%^&*()' }]) {
      const response = await client.post('/api/auth/mfa/verify', body);
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('forces a role that requires TOTP to enrol first; until then only enrolment is open', async () => {
    const { client, next } = await passwordStep('supervisor');
    expect(next).toBe('enrol');
    expect((await client.get('/api/auth/me')).body.stage).toBe('enrol');
    const refused = await client.get('/api/tickets');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('MFA_REQUIRED');
    expect(refused.body.error.details).toEqual({ stage: 'enrol' });
    // Not the second step either: there is no factor yet.
    expect((await client.post('/api/auth/mfa/verify', { code: '123456' })).status).toBe(403);
    const { secret: supervisorSecret } = await enrol(client);
    expect((await client.get('/api/auth/me')).body.stage).toBe('active');
    expect((await client.get('/api/tickets')).status).toBe(200);
    // Required for the role: it cannot be turned off.
    const disable = await client.post('/api/auth/mfa/disable', { code: nextCode(supervisorSecret) });
    expect(disable.status).toBe(403);
    expect(disable.body.error.code).toBe('MFA_REQUIRED');
  });

  it('lets an admin reset a user’s TOTP: sessions end and the next sign-in enrols again', async () => {
    const supervisor = await passwordStep('supervisor');
    expect(supervisor.next).toBe('mfa');
    const [user] = await server.query<{ id: string }>(`select id from users where username = 'supervisor'`);
    const admin = await signedIn(server, 'admin');
    // Only admins may.
    expect((await (await signedIn(server, 'qa')).post(`/api/admin/users/${user.id}/mfa/reset`)).status).toBe(403);
    // Nobody by that id: 404, and no history entry for nobody.
    const nobody = '00000000-0000-4000-8000-000000000000';
    const unknown = await admin.post(`/api/admin/users/${nobody}/mfa/reset`);
    expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'NOT_FOUND']);
    expect(await server.query(`select 1 from config_changes where entity_id = $1`, [nobody])).toEqual([]);
    const reset = await admin.post(`/api/admin/users/${user.id}/mfa/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.user.mfaEnabledAt).toBeNull();
    expect((await supervisor.client.get('/api/auth/me')).status).toBe(401);
    const [row] = await server.query<{ totp_secret: string | null; recovery_codes: unknown[] }>(`select totp_secret, recovery_codes from users where id = $1`, [user.id]);
    expect(row).toEqual({ totp_secret: null, recovery_codes: [] });
    expect((await passwordStep('supervisor')).next).toBe('enrol');
  });

  it('lets a user whose role does not require it turn TOTP off with a current code', async () => {
    const qa = await signedIn(server, 'qa');
    const { secret: qaSecret } = await enrol(qa);
    expect((await qa.post('/api/auth/mfa/disable', { code: wrongCode(qaSecret) })).body.error.code).toBe('INVALID_MFA_CODE');
    expect((await qa.post('/api/auth/mfa/disable', { code: nextCode(qaSecret) })).status).toBe(204);
    expect((await passwordStep('qa')).next).toBeNull();
  });
});
