import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { createRng, generateCustomers, generateTicketSpecs, type TicketSpec } from '../../demo/generate';
import { DEFAULT_ROUTING_RULES } from '../../demo/default-routing-rules';
import { DEFAULT_SLA_POLICIES } from '../../demo/default-sla-policies';
import { joinNames } from '../../i18n/localized-names';
import { CHINA_HOLIDAYS } from '../../sla/china-holidays';
import { CATEGORIES, DEALERS, DEPARTMENTS, REGIONS } from '../../demo/reference-data';
import type { Role, TicketStatus } from '../../tickets/ticket-vocabulary';
import type { TCallbackAttemptRequest } from '../../callbacks/callback.schemas';
import { hashPassword } from '../auth/password';
import { recordCallbackAttempt } from '../callbacks/record-callback-attempt.command';
import type { Database } from '../db/client';
import { callbackTasks, calendarDays, calendars, categories, customers, dealers, departments, outbox, regions, roadsideJobs, routingRules, routingRuleSets, slaPolicies, users, vehicles } from '../db/schema';
import { recordRoadsideProgress } from '../roadside/roadside-offers';
import { recordSlaMoment, requiredTimers } from '../sla/sla-timers';
import { encodeRulePriority } from '../routing/routing-data';
import { addNote } from '../tickets/add-note.command';
import { createTicket } from '../tickets/create-ticket.command';
import { dispatchTicket } from '../tickets/dispatch-ticket.command';
import { rejectTicket } from '../tickets/reject-ticket.command';
import {
  acknowledgeTicket,
  cancelTicket,
  closeTicket,
  pendTicket,
  reopenTicket,
  resolveTicket,
  startTicket,
} from '../tickets/ticket-status.commands';

export const DEMO_PASSWORD = 'careline2026';

export interface DemoLogin {
  role: Role;
  username: string;
  password: string;
  scope: string;
}

/** One login per role, printed at start and listed in the README. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'agent', username: 'agent', password: DEMO_PASSWORD, scope: '坐席 hotline agent' },
  { role: 'supervisor', username: 'supervisor', password: DEMO_PASSWORD, scope: '班长 hotline supervisor' },
  { role: 'dealer_user', username: 'dealer', password: DEMO_PASSWORD, scope: `dealer user of ${DEALERS[0].code}` },
  { role: 'dealer_manager', username: 'dealer.manager', password: DEMO_PASSWORD, scope: `service manager of ${DEALERS[0].code}` },
  { role: 'dept_user', username: 'quality', password: DEMO_PASSWORD, scope: 'DEPT-QUALITY department user' },
  { role: 'qa', username: 'qa', password: DEMO_PASSWORD, scope: '客户关系部 QA auditor' },
  { role: 'admin', username: 'admin', password: DEMO_PASSWORD, scope: 'administrator' },
];

export interface SeedOptions {
  customers?: number;
  tickets?: number;
  seed?: number;
  now?: Date;
}

export interface SeedSummary {
  seeded: boolean;
  regions: number;
  dealers: number;
  customers: number;
  tickets: number;
}

async function insertChunked<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let index = 0; index < rows.length; index += size) await insert(rows.slice(index, index + size));
}

/**
 * Fills an empty database with demo data a hotline would recognise. Tickets are made through the same commands the
 * API uses, so their events and hash chains are real. Does nothing when regions already exist.
 */
export async function seedDemo(db: Database, options: SeedOptions = {}): Promise<SeedSummary> {
  const [{ value: existing }] = await db.select({ value: count() }).from(regions);
  if (existing > 0) return { seeded: false, regions: 0, dealers: 0, customers: 0, tickets: 0 };
  const now = options.now ?? new Date();
  const rng = createRng(options.seed ?? 20261123);

  const standardCalendarId = randomUUID();
  const alwaysOpenCalendarId = randomUUID();
  const workday: Array<[string, string]> = [['08:30', '18:00']];
  await db.insert(calendars).values([
    {
      id: standardCalendarId,
      code: 'CN-STANDARD',
      name: '标准工作日 Mon–Fri 08:30–18:00',
      weeklyHours: { '1': workday, '2': workday, '3': workday, '4': workday, '5': workday },
    },
    { id: alwaysOpenCalendarId, code: '24X7', name: '全天候 24×7', weeklyHours: {}, alwaysOpen: true },
  ]);
  await db.insert(calendarDays).values(CHINA_HOLIDAYS.map((day) => ({ calendarId: standardCalendarId, day: day.day, kind: day.kind, name: day.name })));
  await db.insert(slaPolicies).values(
    DEFAULT_SLA_POLICIES.map((policy) => ({
      id: randomUUID(),
      code: policy.code,
      name: joinNames(policy.nameZh, policy.nameEn),
      nameZh: policy.nameZh,
      nameEn: policy.nameEn,
      ticketType: policy.ticketType,
      priority: policy.priority,
      acknowledgeMinutes: policy.acknowledgeMinutes,
      firstContactMinutes: policy.firstContactMinutes,
      resolveMinutes: policy.resolveMinutes,
      calendarId: policy.calendarCode === '24X7' ? alwaysOpenCalendarId : null,
      warningRatio: policy.warningRatio,
      escalationChain: policy.escalationChain,
      ccInternalMinutes: policy.ccInternalMinutes,
      callbackMinutes: policy.callbackMinutes,
      rescueAcceptMinutes: policy.rescueAcceptMinutes ?? null,
      rescueArriveMinutes: policy.rescueArriveMinutes ?? null,
    })),
  );

  const regionIds = new Map(REGIONS.map((region) => [region.code, randomUUID()]));
  await db.insert(regions).values(
    REGIONS.map((region) => ({
      id: regionIds.get(region.code)!,
      code: region.code,
      nameZh: region.nameZh,
      nameEn: region.nameEn,
      escalationContacts: [{ role: 'regional_manager', name: `${region.nameZh}区域经理`, email: `manager.${region.code.toLowerCase()}@careline.example.cn` }],
    })),
  );

  const departmentIds = new Map(DEPARTMENTS.map((department) => [department.code, randomUUID()]));
  await db.insert(departments).values(
    DEPARTMENTS.map((department) => ({
      id: departmentIds.get(department.code)!,
      code: department.code,
      nameZh: department.nameZh,
      nameEn: department.nameEn,
      notificationEmails: [`${department.code.toLowerCase()}@careline.example.cn`],
      calendarId: standardCalendarId,
    })),
  );

  const dealerIds = new Map(DEALERS.map((dealer) => [dealer.code, randomUUID()]));
  await db.insert(dealers).values(
    DEALERS.map((dealer) => ({
      id: dealerIds.get(dealer.code)!,
      code: dealer.code,
      nameZh: dealer.nameZh,
      nameEn: dealer.nameEn,
      regionId: regionIds.get(dealer.regionCode)!,
      province: dealer.province,
      city: dealer.city,
      address: dealer.address,
      lat: dealer.lat,
      lng: dealer.lng,
      capabilities: [...dealer.capabilities],
      rescue24h: dealer.rescue24h,
      // Even a 24-hour rescue dealer handles complaints in office hours: roadside and P1 count around the clock through
      // their policies' own 24×7 calendar, not the dealer's.
      calendarId: standardCalendarId,
      businessHours: dealer.businessHours,
      notificationEmails: dealer.notificationEmails,
      escalationContacts: [
        { role: 'service_manager', name: `${dealer.code} 服务经理`, email: `manager@${dealer.code.toLowerCase()}.dealer.example.cn` },
      ],
      capacity: dealer.capacity,
      active: dealer.active,
    })),
  );

  // Parents before children, so each path can be built from its parent's.
  const categoryIds = new Map(CATEGORIES.map((category) => [category.code, randomUUID()]));
  const paths = new Map<string, string>();
  const pathOf = (code: string): string => {
    const known = paths.get(code);
    if (known) return known;
    const category = CATEGORIES.find((item) => item.code === code)!;
    const path = category.parentCode ? `${pathOf(category.parentCode)}/${code}` : code;
    paths.set(code, path);
    return path;
  };
  await insertChunked(
    CATEGORIES.map((category, position) => ({
      id: categoryIds.get(category.code)!,
      code: category.code,
      parentId: category.parentCode ? categoryIds.get(category.parentCode)! : null,
      path: pathOf(category.code),
      ticketType: category.ticketType,
      nameZh: category.nameZh,
      nameEn: category.nameEn,
      defaultPriority: category.defaultPriority ?? null,
      ccDepartmentIds: category.ccDepartmentCodes.map((code) => departmentIds.get(code)!),
      keywords: category.keywords,
      position,
    })),
    200,
    (chunk) => db.insert(categories).values(chunk),
  );

  const ruleSetId = randomUUID();
  await db.insert(routingRuleSets).values({ id: ruleSetId, version: 1, status: 'published', publishedAt: now });
  await db.insert(routingRules).values(
    DEFAULT_ROUTING_RULES.map((rule, position) => ({
      id: randomUUID(),
      ruleSetId,
      position,
      name: joinNames(rule.nameZh, rule.nameEn),
      nameZh: rule.nameZh,
      nameEn: rule.nameEn,
      conditions: rule.conditions,
      action: 'departmentCode' in rule.action ? { kind: 'department', departmentId: departmentIds.get(rule.action.departmentCode)! } : rule.action,
      ccDepartmentIds: rule.ccDepartmentCodes.map((code) => departmentIds.get(code)!),
      setPriority: encodeRulePriority(rule.priority),
    })),
  );

  // Staff: the demo logins, plus one user per dealer and per department so every scope can be tried.
  const staff: Array<{ username: string; displayName: string; role: Role; dealerCode?: string; departmentCode?: string }> = [
    { username: 'agent', displayName: '坐席 王静', role: 'agent' },
    { username: 'agent2', displayName: '坐席 李娜', role: 'agent' },
    { username: 'supervisor', displayName: '班长 陈刚', role: 'supervisor' },
    { username: 'dealer', displayName: `${DEALERS[0].nameZh} 服务顾问`, role: 'dealer_user', dealerCode: DEALERS[0].code },
    { username: 'dealer.manager', displayName: `${DEALERS[0].nameZh} 服务经理`, role: 'dealer_manager', dealerCode: DEALERS[0].code },
    { username: 'quality', displayName: '质量部 赵伟', role: 'dept_user', departmentCode: 'DEPT-QUALITY' },
    { username: 'qa', displayName: '客户关系部 周敏', role: 'qa' },
    { username: 'admin', displayName: '系统管理员', role: 'admin' },
    ...DEALERS.slice(1).map((dealer) => ({
      username: dealer.code.toLowerCase(),
      displayName: `${dealer.nameZh} 服务顾问`,
      role: 'dealer_user' as Role,
      dealerCode: dealer.code,
    })),
    ...DEPARTMENTS.filter((department) => department.code !== 'DEPT-QUALITY').map((department) => ({
      username: department.code.toLowerCase(),
      displayName: `${department.nameZh} 专员`,
      role: 'dept_user' as Role,
      departmentCode: department.code,
    })),
  ];
  // One hash for every demo user (they share the password): at OWASP's scrypt cost a hash per user would take seconds.
  const demoPasswordHash = await hashPassword(DEMO_PASSWORD);
  const userRows = await Promise.all(
    staff.map(async (person) => ({
      id: randomUUID(),
      username: person.username,
      displayName: person.displayName,
      email: `${person.username}@careline.example.cn`,
      passwordHash: demoPasswordHash,
      role: person.role,
      dealerId: person.dealerCode ? dealerIds.get(person.dealerCode)! : null,
      departmentId: person.departmentCode ? departmentIds.get(person.departmentCode)! : null,
    })),
  );
  await insertChunked(userRows, 200, (chunk) => db.insert(users).values(chunk));
  const actorOf = (username: string): Actor => {
    const user = userRows.find((row) => row.username === username)!;
    return { kind: 'user', id: user.id, name: user.displayName, role: user.role, dealerId: user.dealerId, departmentId: user.departmentId };
  };
  const dealerActor = (dealerId: string): Actor => {
    const user = userRows.find((row) => row.dealerId === dealerId && row.role === 'dealer_user')!;
    return actorOf(user.username);
  };

  const generatedCustomers = generateCustomers(rng, options.customers ?? 2000, DEALERS);
  const customerIds = generatedCustomers.map(() => randomUUID());
  const vehicleIds = generatedCustomers.map((customer) => customer.vehicles.map(() => randomUUID()));
  await insertChunked(
    generatedCustomers.map((customer, index) => ({
      id: customerIds[index],
      kind: customer.kind,
      name: customer.name,
      phone: customer.phone,
      email: customer.email ?? null,
      province: customer.province,
      city: customer.city,
      fieldSources: { name: { source: 'invoice', at: now.toISOString(), importId: null }, phone: { source: 'finance', at: now.toISOString(), importId: null } },
    })),
    500,
    (chunk) => db.insert(customers).values(chunk),
  );
  await insertChunked(
    generatedCustomers.flatMap((customer, customerIndex) =>
      customer.vehicles.map((vehicle, vehicleIndex) => ({
        id: vehicleIds[customerIndex][vehicleIndex],
        customerId: customerIds[customerIndex],
        vin: vehicle.vin,
        plate: vehicle.plate,
        model: vehicle.model,
        powertrain: vehicle.powertrain,
        purchaseDate: vehicle.purchaseDate,
        sellingDealerId: dealerIds.get(vehicle.sellingDealerCode) ?? null,
        servicingDealerId: dealerIds.get(vehicle.servicingDealerCode) ?? null,
        warrantyEnd: vehicle.warrantyEnd,
        batteryWarrantyEnd: vehicle.batteryWarrantyEnd ?? null,
        mileageKm: vehicle.mileageKm,
      })),
    ),
    500,
    (chunk) => db.insert(vehicles).values(chunk),
  );

  const specs = generateTicketSpecs(rng, generatedCustomers, CATEGORIES, options.tickets ?? 520, now);
  const agent = actorOf('agent');
  const supervisor = actorOf('supervisor');
  const activeDealerIds = DEALERS.filter((dealer) => dealer.active).map((dealer) => dealerIds.get(dealer.code)!);
  for (const spec of specs) {
    await playTicket(db, spec, {
      agent,
      supervisor,
      customerId: customerIds[spec.customerIndex],
      vehicleId: spec.vehicleIndex === null || spec.vehicleIndex === undefined ? undefined : vehicleIds[spec.customerIndex][spec.vehicleIndex],
      categoryId: spec.categoryCode ? categoryIds.get(spec.categoryCode) : undefined,
      dealerId: spec.dealerCode ? dealerIds.get(spec.dealerCode) : undefined,
      departmentId: spec.departmentCode ? departmentIds.get(spec.departmentCode) : undefined,
      fallbackDealerId: activeDealerIds[specs.indexOf(spec) % activeDealerIds.length],
      dealerActor,
      departmentActor: (departmentId) => actorOf(userRows.find((row) => row.departmentId === departmentId)!.username),
    });
  }
  // The demo's history is not news: its clocks that are already past their moments are recorded now (as a reconciler
  // would have), and its outbox backlog is marked done so that the first start does not mail hundreds of dealers.
  for (const timer of await requiredTimers(db)) {
    if (timer.at.getTime() <= now.getTime()) await recordSlaMoment(db, { milestoneId: timer.milestoneId, kind: timer.kind, now });
  }
  await db.update(outbox).set({ processedAt: now }).where(isNull(outbox.processedAt));
  return { seeded: true, regions: REGIONS.length, dealers: DEALERS.length, customers: generatedCustomers.length, tickets: specs.length };
}

interface PlayContext {
  agent: Actor;
  supervisor: Actor;
  customerId: string;
  vehicleId?: string;
  categoryId?: string;
  dealerId?: string;
  departmentId?: string;
  fallbackDealerId: string;
  dealerActor: (dealerId: string) => Actor;
  departmentActor: (departmentId: string) => Actor;
}

/** Steps a ticket through the lifecycle to its demo status, minutes apart, each as the actor who would do it. */
/** The provider's rescue steps of a demo roadside ticket: en route (ETA 30 min), arrived, completed. */
async function playRescue<T>(db: Database, provider: Actor, ticket: T & { id: string }, later: () => Date): Promise<T> {
  const [job] = await db.select({ id: roadsideJobs.id, providerDealerId: roadsideJobs.providerDealerId }).from(roadsideJobs).where(eq(roadsideJobs.ticketId, ticket.id));
  if (!job || job.providerDealerId !== provider.dealerId) return ticket;
  let latest: T = ticket;
  for (const request of [{ status: 'en_route' as const, etaMinutes: 30 }, { status: 'arrived' as const }, { status: 'completed' as const }]) {
    latest = (await recordRoadsideProgress({ db, actor: provider, jobId: job.id, now: later(), request })).ticket as T;
  }
  return latest;
}

async function playTicket(db: Database, spec: TicketSpec, context: PlayContext): Promise<void> {
  let at = new Date(spec.createdAt);
  const later = () => (at = new Date(at.getTime() + (5 + ((at.getTime() / 1000) % 90)) * 60_000));
  const input = {
    type: spec.type,
    channel: spec.channel,
    priority: spec.priority,
    categoryId: context.categoryId,
    customerId: context.customerId,
    vehicleId: context.vehicleId,
    contactName: spec.contactName,
    contactPhone: spec.contactPhone,
    subject: spec.subject,
    description: spec.description,
    // The demo plays each step by hand to reach its target status; routing is shown on live tickets.
    dispatch: 'hold',
    ...(spec.type === 'roadside' ? { location: spec.location ?? { address: '未知位置' } } : {}),
    ...(spec.type === 'lead' ? { purchaseTiming: spec.purchaseTiming ?? 'within_3_months', leadSource: spec.leadSource } : {}),
  } as Parameters<typeof createTicket>[0]['input'];
  let { ticket } = await createTicket({ db, actor: context.agent, input, now: at });
  const target: TicketStatus = spec.targetStatus;
  if (target === 'new') return;
  const step = async (run: (version: number) => Promise<typeof ticket>) => {
    later();
    ticket = await run(ticket.version);
  };
  const agentContext = () => ({ db, actor: context.agent, ticketId: ticket.id, now: at });

  if (target === 'cancelled') {
    await step((version) => cancelTicket({ ...agentContext(), request: { version, comment: '重复来电，已合并' } }));
    return;
  }
  if (target === 'resolved' && spec.type === 'enquiry' && !context.dealerId && !context.departmentId) {
    await step((version) => resolveTicket({ ...agentContext(), request: { version, comment: '电话中已解答' } }));
    return;
  }
  const dealerId = context.departmentId ? undefined : (context.dealerId ?? context.fallbackDealerId);
  await step((version) =>
    dispatchTicket({ ...agentContext(), request: dealerId ? { version, dealerId } : { version, departmentId: context.departmentId! } }),
  );
  if (target === 'dispatched') return;
  const owner = dealerId ? context.dealerActor(dealerId) : context.departmentActor(context.departmentId!);
  const ownerContext = () => ({ db, actor: owner, ticketId: ticket.id, now: at });
  if (target === 'rerouted') {
    // Each rejection reroutes at once; the third leaves the ticket rerouted in the supervisor queue.
    for (let hop = 0; hop < 3 && ticket.status === 'dispatched'; hop += 1) {
      const current = ticket.responsibleDealerId ? context.dealerActor(ticket.responsibleDealerId) : owner;
      await step((version) => rejectTicket({ db, actor: current, ticketId: ticket.id, now: at, request: { version, reasonCode: hop === 0 ? 'not_our_customer' : 'wrong_region' } }));
    }
    return;
  }
  await step((version) => acknowledgeTicket({ ...ownerContext(), request: { version } }));
  if (target === 'acknowledged') return;
  // A roadside ticket dispatched by hand gave its dealer the rescue: past acknowledged, the truck came and it is done.
  if (spec.type === 'roadside' && dealerId) ticket = await playRescue(db, context.dealerActor(dealerId), ticket, later);
  await step((version) => startTicket({ ...ownerContext(), request: { version } }));
  await step(() => addNote({ ...ownerContext(), request: { visibility: 'dealer', body: '已联系客户，预约到店检查。' } }));
  if (target === 'in_progress') return;
  if (target === 'pending_customer') {
    await step((version) => pendTicket({ ...ownerContext(), request: { version, comment: '等待客户确认到店时间' } }));
    return;
  }
  await step((version) => resolveTicket({ ...ownerContext(), request: { version, comment: '已处理完毕' } }));
  if (target === 'resolved') return;
  // Where the ticket is due a callback (回访), the hotline's calls close or reopen it, as they would.
  const [task] = await db.select().from(callbackTasks).where(and(eq(callbackTasks.ticketId, ticket.id), eq(callbackTasks.status, 'open')));
  if (task) {
    let taskVersion = task.version;
    const call = async (request: Omit<TCallbackAttemptRequest, 'version'>) => {
      later();
      const result = await recordCallbackAttempt({ db, actor: context.agent, taskId: task.id, now: at, request: { version: taskVersion, ...request } });
      taskVersion = result.task.version;
      if (result.ticket) ticket = result.ticket;
    };
    // Every other customer needs a second try.
    if (ticket.number.endsWith('1') || ticket.number.endsWith('6')) await call({ result: 'no_answer' });
    if (target === 'closed') await call({ result: 'reached', satisfaction: ticket.number.endsWith('3') ? 3 : 5, solved: true, comment: '客户表示满意' });
    if (target === 'reopened') await call({ result: 'reached', satisfaction: 2, solved: false, reasonCode: 'repeat_fault', comment: '客户反映问题再次出现' });
    return;
  }
  if (target === 'closed') {
    await step((version) => closeTicket({ ...agentContext(), request: { version, comment: '回访满意，结案' } }));
    return;
  }
  if (target === 'reopened') {
    await step((version) => reopenTicket({ ...agentContext(), request: { version, comment: '回访不满意，重开' } }));
  }
}

/** The demo dealer that the `dealer` login belongs to. */
export async function demoDealerId(db: Database): Promise<string | null> {
  const [dealer] = await db.select({ id: dealers.id }).from(dealers).where(eq(dealers.code, DEALERS[0].code));
  return dealer?.id ?? null;
}
