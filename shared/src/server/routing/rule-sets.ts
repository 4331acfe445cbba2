/**
 * Administration of routing rule sets: one draft at a time, edited as a whole ordered list, validated with errors
 * that name the rule, published as a new version (the previous one is archived; tickets keep the version that routed
 * them), and dry-run against recent real tickets before publishing.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, eq, gte, inArray, max } from 'drizzle-orm';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors/app-error';
import type { RoutingDecision, RoutingTarget } from '../../routing/route-ticket';
import type { RoutingRule } from '../../routing/routing-rules';
import type { TRoutingRuleInput } from '../../routing/routing-rules.schemas';
import type { Channel, Priority, TicketType } from '../../tickets/ticket-vocabulary';
import type { Database, Executor } from '../db/client';
import { categories, dealers, departments, routingRules, routingRuleSets, slaPolicies, tickets } from '../db/schema';
import { invalidateRoutingSnapshot } from './route-ticket.command';
import { decideOnFacts } from './decide-routing';
import { encodeRulePriority, loadPublishedRuleSet, loadRoutingEnvironment, loadTicketFacts, ruleRowsOf } from './routing-data';
import { recordConfigChange } from '../audit/config-changes';
import { resolveNames } from '../../i18n/localized-names';
import { access, requireAccess } from '../../auth/access';

export interface RuleProblem {
  rule: number;
  ruleName: string;
  path: string;
  message: string;
  /** The issue's code in a refusal: `unknown_reference` unless said. */
  code?: 'missing_name';
}

type StoredRule = RoutingRule & { position: number };

async function rulesOf(db: Executor, ruleSetId: string): Promise<StoredRule[]> {
  const rows = await ruleRowsOf(db, ruleSetId);
  return rows.map((row) => ({
    id: row.id,
    position: row.position,
    name: row.name,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    enabled: row.enabled,
    conditions: row.conditions as RoutingRule['conditions'],
    action: row.action as RoutingRule['action'],
    ccDepartmentIds: row.ccDepartmentIds,
    priority: row.setPriority ? { mode: row.setPriority.startsWith('raise') ? 'raise' : 'set', value: row.setPriority.split(':')[1] as Priority } : undefined,
    ...(row.slaPolicyCode ? { slaPolicyCode: row.slaPolicyCode } : {}),
  }));
}

export async function listRuleSets(db: Executor) {
  return db.select().from(routingRuleSets).orderBy(desc(routingRuleSets.version));
}

export async function getRuleSet(db: Executor, which: number | 'draft') {
  const [ruleSet] = await db
    .select()
    .from(routingRuleSets)
    .where(which === 'draft' ? eq(routingRuleSets.status, 'draft') : eq(routingRuleSets.version, which));
  if (!ruleSet) return null;
  return { ...ruleSet, rules: await rulesOf(db, ruleSet.id) };
}

/** The open draft, or a new one copied from the newest published set. */
export async function ensureDraft(db: Database, actor: Actor) {
  requireAccess(actor, access.admin);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select().from(routingRuleSets).where(eq(routingRuleSets.status, 'draft')).for('update');
    if (existing) return existing;
    const [{ highest }] = await tx.select({ highest: max(routingRuleSets.version) }).from(routingRuleSets);
    const [published] = await tx.select().from(routingRuleSets).where(eq(routingRuleSets.status, 'published')).orderBy(desc(routingRuleSets.version)).limit(1);
    const draft = { id: randomUUID(), version: (highest ?? 0) + 1, status: 'draft' as const, createdBy: actor.kind === 'user' ? actor.id : null };
    await tx.insert(routingRuleSets).values(draft);
    if (published) {
      const rules = await rulesOf(tx, published.id);
      if (rules.length > 0) {
        const slaPolicyIds = await slaPolicyIdsByCode(tx);
        await tx.insert(routingRules).values(rules.map((rule) => toRow(draft.id, rule, rule.position, slaPolicyIds)));
      }
    }
    const [created] = await tx.select().from(routingRuleSets).where(eq(routingRuleSets.id, draft.id));
    return created;
  });
}

/** A rule as the configuration history keeps it: what it does, not its row ids. */
function recordedRule(rule: RoutingRule) {
  return { name: rule.name, nameZh: rule.nameZh, nameEn: rule.nameEn, enabled: rule.enabled, conditions: rule.conditions, action: rule.action, ccDepartmentIds: rule.ccDepartmentIds, priority: rule.priority ?? null, slaPolicyCode: rule.slaPolicyCode ?? null };
}

/** SLA policy ids by code: a rule names its policy by code and stores its id. */
async function slaPolicyIdsByCode(db: Executor): Promise<Map<string, string>> {
  return new Map((await db.select({ id: slaPolicies.id, code: slaPolicies.code }).from(slaPolicies)).map((policy) => [policy.code, policy.id]));
}

function toRow(ruleSetId: string, rule: TRoutingRuleInput | RoutingRule, position: number, slaPolicyIds: ReadonlyMap<string, string>) {
  // validateRules has refused a rule without any name.
  const names = resolveNames(rule)!;
  return {
    id: randomUUID(),
    ruleSetId,
    position,
    ...names,
    enabled: rule.enabled,
    conditions: rule.conditions,
    action: rule.action,
    ccDepartmentIds: rule.ccDepartmentIds,
    setPriority: encodeRulePriority(rule.priority),
    // validateRules has refused a code that names no policy.
    slaPolicyId: rule.slaPolicyCode ? (slaPolicyIds.get(rule.slaPolicyCode) ?? null) : null,
  };
}

/** Checks what the schema cannot: that every rule has a name and every category, dealer and department it names exists. */
export async function validateRules(db: Executor, rules: ReadonlyArray<TRoutingRuleInput | RoutingRule>): Promise<RuleProblem[]> {
  const [categoryRows, dealerRows, departmentRows, policyRows] = await Promise.all([
    db.select({ code: categories.code }).from(categories),
    db.select({ id: dealers.id, active: dealers.active }).from(dealers),
    db.select({ id: departments.id }).from(departments),
    db.select({ code: slaPolicies.code, active: slaPolicies.active }).from(slaPolicies),
  ]);
  const policyActive = new Map(policyRows.map((row) => [row.code, row.active]));
  const categoryCodes = new Set(categoryRows.map((row) => row.code));
  const dealerIds = new Set(dealerRows.map((row) => row.id));
  const departmentIds = new Set(departmentRows.map((row) => row.id));
  const problems: RuleProblem[] = [];
  rules.forEach((rule, index) => {
    const names = resolveNames(rule);
    const problem = (path: string, message: string, code?: RuleProblem['code']) => problems.push({ rule: index, ruleName: names?.name ?? '', path: `rules.${index}.${path}`, message, ...(code ? { code } : {}) });
    if (!names) problem('nameZh', 'a name is required (nameZh and nameEn, or name)', 'missing_name');
    rule.conditions.forEach((condition, conditionIndex) => {
      if (condition.field === 'category') {
        for (const code of condition.value) if (!categoryCodes.has(code)) problem(`conditions.${conditionIndex}.value`, `unknown category ${code}`);
      }
    });
    if (rule.action.kind === 'fixed_dealer' && !dealerIds.has(rule.action.dealerId)) problem('action.dealerId', `unknown dealer ${rule.action.dealerId}`);
    if (rule.action.kind === 'department' && !departmentIds.has(rule.action.departmentId)) problem('action.departmentId', `unknown department ${rule.action.departmentId}`);
    rule.ccDepartmentIds.forEach((id, ccIndex) => {
      if (!departmentIds.has(id)) problem(`ccDepartmentIds.${ccIndex}`, `unknown department ${id}`);
    });
    if (rule.slaPolicyCode) {
      const active = policyActive.get(rule.slaPolicyCode);
      if (active === undefined) problem('slaPolicyCode', `unknown SLA policy ${rule.slaPolicyCode}`);
      else if (!active) problem('slaPolicyCode', `inactive SLA policy ${rule.slaPolicyCode}`);
    }
  });
  return problems;
}

function refuse(problems: RuleProblem[]): never {
  throw new AppError('VALIDATION_FAILED', {
    issues: problems.map((problem) => ({ path: problem.path, code: problem.code ?? 'unknown_reference', message: problem.ruleName ? `${problem.ruleName}: ${problem.message}` : problem.message })),
  });
}

/** Replaces the draft's whole ordered rule list after validating it; creates the draft if there is none. */
export async function replaceDraftRules(db: Database, actor: Actor, rules: TRoutingRuleInput[]) {
  requireAccess(actor, access.admin);
  const problems = await validateRules(db, rules);
  if (problems.length > 0) refuse(problems);
  const draft = await ensureDraft(db, actor);
  await db.transaction(async (tx) => {
    const before = (await rulesOf(tx, draft.id)).map(recordedRule);
    await tx.delete(routingRules).where(eq(routingRules.ruleSetId, draft.id));
    if (rules.length > 0) {
      const slaPolicyIds = await slaPolicyIdsByCode(tx);
      await tx.insert(routingRules).values(rules.map((rule, position) => toRow(draft.id, rule, position, slaPolicyIds)));
    }
    const after = (await rulesOf(tx, draft.id)).map(recordedRule);
    await recordConfigChange(tx, actor, { entity: 'rule_set', entityId: draft.id, action: 'replace_draft_rules', before: { version: draft.version, rules: before }, after: { version: draft.version, rules: after } });
  });
  return getRuleSet(db, 'draft');
}

/** Publishes the draft as the new routing version; the previous published version is archived. */
export async function publishDraft(db: Database, actor: Actor) {
  requireAccess(actor, access.admin);
  const draft = await getRuleSet(db, 'draft');
  if (!draft) throw new AppError('NOT_FOUND', { ruleSet: 'draft' });
  const problems = await validateRules(db, draft.rules);
  if (problems.length > 0) refuse(problems);
  await db.transaction(async (tx) => {
    const [previous] = await tx.select({ version: routingRuleSets.version }).from(routingRuleSets).where(eq(routingRuleSets.status, 'published'));
    await recordConfigChange(tx, actor, { entity: 'rule_set', entityId: draft.id, action: 'publish', before: { publishedVersion: previous?.version ?? null }, after: { publishedVersion: draft.version } });
    await tx.update(routingRuleSets).set({ status: 'archived' }).where(eq(routingRuleSets.status, 'published'));
    await tx
      .update(routingRuleSets)
      .set({ status: 'published', publishedAt: new Date(), publishedBy: actor.kind === 'user' ? actor.id : null })
      .where(eq(routingRuleSets.id, draft.id));
  });
  invalidateRoutingSnapshot(db);
  return getRuleSet(db, draft.version);
}

const targetKey = (target: RoutingTarget | { kind: 'none' }) =>
  target.kind === 'dealer' ? `dealer:${target.dealerId}` : target.kind === 'department' ? `department:${target.departmentId}` : target.kind === 'none' ? 'none' : 'supervisor_queue';

/**
 * How a dry run sorts a ticket: `live` tickets are those routing decides for; a `held` one (new, never routed) waits
 * for a person, and `cancelled` and `closed` ones are over. The last three are reported apart and not counted as
 * changes.
 */
export type DryRunGroup = 'live' | 'held' | 'cancelled' | 'closed';

function dryRunGroupOf(ticket: { status: string; routingDecision: unknown }): DryRunGroup {
  if (ticket.status === 'cancelled' || ticket.status === 'closed') return ticket.status;
  return ticket.status === 'new' && ticket.routingDecision === null ? 'held' : 'live';
}

type DryRunDifference = 'target' | 'ccDepartmentIds' | 'priority' | 'flags' | 'slaPolicy';

export interface DryRunRow {
  ticketId: string;
  number: string;
  status: string;
  group: DryRunGroup;
  /** Who is responsible now (`none`: nobody). */
  before: RoutingTarget | { kind: 'none' };
  /** Where the published rules send the ticket now, on the same facts as the draft. */
  published: RoutingTarget;
  /** Where the draft would send it. */
  after: RoutingTarget;
  matchedRuleId: string | null;
  publishedRuleId: string | null;
  /** The draft differs from the published rules (target, copies, priority, flags or the SLA policy a rule names). */
  changed: boolean;
  differences: DryRunDifference[];
}

/** Which parts of what routing does to a ticket differ between two decisions on the same facts. */
function differencesOf(a: RoutingDecision, b: RoutingDecision): DryRunDifference[] {
  const differences: DryRunDifference[] = [];
  if (targetKey(a.target) !== targetKey(b.target)) differences.push('target');
  if (a.ccDepartmentIds.join() !== b.ccDepartmentIds.join()) differences.push('ccDepartmentIds');
  if (a.priority !== b.priority) differences.push('priority');
  if (a.flags.join() !== b.flags.join()) differences.push('flags');
  if (a.slaPolicyCode !== b.slaPolicyCode) differences.push('slaPolicy');
  return differences;
}

/**
 * Evaluates the draft against the tickets created in the last `days` days. Each ticket's facts are read once, now,
 * and decided twice through decideOnFacts — by the published rules and by the draft — so a draft identical to the
 * published rules changes nothing, and dealers' load or distance drifting since the ticket was routed is no change.
 * Per ticket: where it is now (`before`), where the published rules send it now (`published`), where the draft
 * would (`after`), and what differs; per dealer and department, how many live tickets it would gain or lose.
 * Nothing is written.
 */
export async function dryRunDraft(db: Database, options: { days: number; limit: number; at?: Date }) {
  const at = options.at ?? new Date();
  const draft = await getRuleSet(db, 'draft');
  if (!draft) throw new AppError('NOT_FOUND', { ruleSet: 'draft' });
  const [published, environment, categoryRows] = await Promise.all([
    loadPublishedRuleSet(db),
    loadRoutingEnvironment(db, at),
    db.select({ id: categories.id, ccDepartmentIds: categories.ccDepartmentIds }).from(categories),
  ]);
  const snapshot = { ruleSet: published ?? { version: 0, rules: [] }, environment };
  const draftRules = { version: draft.version, rules: draft.rules };
  const categoryCopies = new Map(categoryRows.map((row) => [row.id, row.ccDepartmentIds]));
  const recent = await db
    .select()
    .from(tickets)
    .where(gte(tickets.createdAt, new Date(at.getTime() - options.days * 86_400_000)))
    .orderBy(desc(tickets.createdAt))
    .limit(options.limit);
  const rows: DryRunRow[] = [];
  const load = new Map<string, { before: number; after: number }>();
  const bump = (key: string, field: 'before' | 'after') => {
    const entry = load.get(key) ?? { before: 0, after: 0 };
    entry[field] += 1;
    load.set(key, entry);
  };
  for (const ticket of recent) {
    // The priority routing started from (before any rule raised it) and the copies the ticket started with.
    const startPriority = (ticket.routingDecision as { inputs?: { priority?: Priority } } | null)?.inputs?.priority ?? (ticket.priority as Priority);
    const startCopies = (ticket.categoryId ? categoryCopies.get(ticket.categoryId) : undefined) ?? [];
    const facts = await loadTicketFacts(db, { ...ticket, type: ticket.type as TicketType, priority: startPriority, channel: ticket.channel as Channel }, environment, at);
    const now = decideOnFacts(facts, startCopies, snapshot);
    const decision = decideOnFacts(facts, startCopies, snapshot, draftRules);
    const group = dryRunGroupOf(ticket);
    const differences = differencesOf(now, decision);
    const before: DryRunRow['before'] = ticket.responsibleDealerId
      ? { kind: 'dealer', dealerId: ticket.responsibleDealerId }
      : ticket.responsibleDepartmentId
        ? { kind: 'department', departmentId: ticket.responsibleDepartmentId }
        : { kind: 'none' };
    if (group === 'live') {
      bump(targetKey(now.target), 'before');
      bump(targetKey(decision.target), 'after');
    }
    rows.push({
      ticketId: ticket.id,
      number: ticket.number,
      status: ticket.status,
      group,
      before,
      published: now.target,
      after: decision.target,
      matchedRuleId: decision.matchedRuleId,
      publishedRuleId: now.matchedRuleId,
      changed: differences.length > 0,
      differences,
    });
  }
  const live = rows.filter((row) => row.group === 'live');
  const apart = (group: Exclude<DryRunGroup, 'live'>) => {
    const inGroup = rows.filter((row) => row.group === group);
    return { tickets: inGroup.length, changed: inGroup.filter((row) => row.changed).length };
  };
  return {
    draftVersion: draft.version,
    publishedVersion: published?.version ?? null,
    tickets: rows.length,
    /** Live tickets the draft would treat differently from the published rules. */
    changed: live.filter((row) => row.changed).length,
    live: live.length,
    apart: { held: apart('held'), cancelled: apart('cancelled'), closed: apart('closed') },
    results: rows,
    loadChanges: [...load.entries()]
      .map(([party, counts]) => ({ party, ...counts, delta: counts.after - counts.before }))
      .filter((entry) => entry.delta !== 0)
      .sort((a, b) => a.delta - b.delta || (a.party < b.party ? -1 : 1)),
  };
}

/** Ids used by the dry-run report's `party` keys, to name them. */
export async function partyNames(db: Executor, parties: string[]) {
  const dealerIds = parties.filter((party) => party.startsWith('dealer:')).map((party) => party.slice(7));
  const departmentIds = parties.filter((party) => party.startsWith('department:')).map((party) => party.slice(11));
  const [dealerRows, departmentRows] = await Promise.all([
    dealerIds.length ? db.select({ id: dealers.id, code: dealers.code, nameZh: dealers.nameZh }).from(dealers).where(inArray(dealers.id, dealerIds)) : [],
    departmentIds.length ? db.select({ id: departments.id, code: departments.code, nameZh: departments.nameZh }).from(departments).where(and(inArray(departments.id, departmentIds))) : [],
  ]);
  return Object.fromEntries([...dealerRows.map((row) => [`dealer:${row.id}`, row]), ...departmentRows.map((row) => [`department:${row.id}`, row])]);
}
