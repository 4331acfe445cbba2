/**
 * The roadside tests' shared incident: a flat tyre on the 沪昆 motorway at a fixed point (the rescue providers are
 * placed around it by each test), and the agent's request that reports it.
 */
export const ROADSIDE_INCIDENT = { lat: 30.0, lng: 120.0 };

/** The body of `POST /api/tickets` for a roadside ticket at ROADSIDE_INCIDENT; `overrides` replace fields. */
export function roadsideTicketBody(overrides: Record<string, unknown> = {}) {
  return {
    type: 'roadside',
    channel: 'phone',
    contactName: '李娜',
    contactPhone: '13912345678',
    subject: '高速爆胎',
    description: '沪昆高速爆胎，车停应急车道',
    location: { address: '沪昆高速 K120', ...ROADSIDE_INCIDENT },
    roadsideType: 'flat_tyre',
    motorway: true,
    peopleOnBoard: 2,
    injured: false,
    ...overrides,
  };
}

/** Opens a roadside ticket as `agent` (201 or an error naming the answer); `overrides` replace fields of the body. */
export async function createRoadsideTicket<T = { id: string; status: string; priority: string; details: Record<string, unknown>; version: number }>(
  agent: { post: (path: string, body: unknown) => Promise<{ status: number; body: any }> },
  overrides: Record<string, unknown> = {},
): Promise<T> {
  const created = await agent.post('/api/tickets', roadsideTicketBody(overrides));
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  return created.body.ticket as T;
}

/**
 * Only these dealers run rescue, each placed at its point and open around the clock (every calendar always open, the
 * dealer on none); every other dealer loses the capability. Returns nothing: the tests name their providers.
 */
export async function onlyRescueProviders(
  server: { query: (sql: string, params?: unknown[]) => Promise<unknown[]> },
  providers: ReadonlyArray<{ id: string; lat: number; lng: number }>,
): Promise<void> {
  await server.query(`update calendars set always_open = true`);
  await server.query(`update dealers set capabilities = array_remove(capabilities, 'rescue'), rescue_24h = false`);
  for (const provider of providers) {
    await server.query(`update dealers set capabilities = array_append(capabilities, 'rescue'), lat = $2, lng = $3, calendar_id = null where id = $1`, [provider.id, provider.lat, provider.lng]);
  }
}
