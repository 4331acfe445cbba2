import type { Actor } from '@careline/shared';
import type { ApiClient, TestServer } from './test-server';

/** Reference rows the demo seed created, looked up by what tests need rather than by hard-coded ids. */
export async function fixtures(server: TestServer) {
  const [customer] = await server.query<{ id: string; phone: string; name: string }>(
    `select c.id, c.phone, c.name from customers c where exists (select 1 from vehicles v where v.customer_id = c.id) order by c.phone limit 1`,
  );
  const [vehicle] = await server.query<{ id: string; vin: string; plate: string }>(
    `select id, vin, plate from vehicles where customer_id = $1 order by vin limit 1`,
    [customer.id],
  );
  const dealerUsers = await server.query<{ username: string; dealer_id: string }>(
    `select u.username, u.dealer_id from users u join dealers d on d.id = u.dealer_id
     where u.role = 'dealer_user' and d.active order by (u.username = 'dealer') desc, u.username limit 2`,
  );
  // departmentA is copied by the complaint category used below; departmentB is not.
  const [departmentA] = await server.query<{ username: string; department_id: string }>(
    `select u.username, u.department_id from users u join departments d on d.id = u.department_id
     where u.role = 'dept_user' and d.code = 'DEPT-QUALITY' limit 1`,
  );
  const [complaintCategory] = await server.query<{ id: string; cc_department_ids: string[] }>(
    `select id, cc_department_ids from categories where ticket_type = 'complaint' and parent_id is not null
     and cc_department_ids @> array[$1]::uuid[] order by path limit 1`,
    [departmentA.department_id],
  );
  const [departmentB] = await server.query<{ username: string; department_id: string }>(
    `select u.username, u.department_id from users u join departments d on d.id = u.department_id
     where u.role = 'dept_user' and not (d.id = any($1::uuid[])) order by d.code limit 1`,
    [complaintCategory.cc_department_ids],
  );
  const [enquiryCategory] = await server.query<{ id: string }>(
    `select id from categories where ticket_type = 'enquiry' and parent_id is not null order by path limit 1`,
  );
  return {
    customer,
    vehicle,
    dealerA: { username: dealerUsers[0].username, id: dealerUsers[0].dealer_id },
    dealerB: { username: dealerUsers[1].username, id: dealerUsers[1].dealer_id },
    departmentA: { username: departmentA.username, id: departmentA.department_id },
    departmentB: { username: departmentB.username, id: departmentB.department_id },
    complaintCategory,
    enquiryCategory,
  };
}

export type Fixtures = Awaited<ReturnType<typeof fixtures>>;

/** A valid complaint body; override any field. */
export function buildComplaint(fixture: Fixtures, overrides: Record<string, unknown> = {}) {
  return {
    type: 'complaint',
    channel: 'phone',
    categoryId: fixture.complaintCategory.id,
    customerId: fixture.customer.id,
    vehicleId: fixture.vehicle.id,
    contactName: fixture.customer.name,
    contactPhone: fixture.customer.phone,
    subject: '发动机异响，4S店多次维修未解决',
    description: '客户反映车辆冷启动时发动机舱有明显异响，已到店三次仍未解决，情绪激动。',
    // Most tests drive the lifecycle by hand; routing.test.ts covers `auto`.
    dispatch: 'hold',
    ...overrides,
  };
}

/** Opens a complaint as `agent` and dispatches it to `dealerId`; returns the dispatched ticket. */
export async function dispatchedComplaint(agent: ApiClient, fixture: Fixtures, dealerId: string, overrides: Record<string, unknown> = {}) {
  const created = await agent.post('/api/tickets', buildComplaint(fixture, overrides));
  if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
  const dispatched = await agent.post(`/api/tickets/${created.body.ticket.id}/dispatch`, {
    version: created.body.ticket.version,
    dealerId,
  });
  if (dispatched.status !== 200) throw new Error(`dispatch failed: ${JSON.stringify(dispatched.body)}`);
  return dispatched.body.ticket;
}

/** The actor of a seeded user, for tests that call commands directly. */
export async function actorOfUser(server: TestServer, username: string): Promise<Actor> {
  const [user] = await server.query<{ id: string; display_name: string; role: Actor['role']; dealer_id: string | null; department_id: string | null }>(
    `select id, display_name, role, dealer_id, department_id from users where username = $1`,
    [username],
  );
  return { kind: 'user', id: user.id, name: user.display_name, role: user.role, dealerId: user.dealer_id, departmentId: user.department_id };
}
