import { z } from 'zod';
import { REALTIME_EVENTS, type ServerEventName, ZTicketChangedOutbox } from '../realtime/realtime-events';
import { ESCALATION_CHANNELS, ESCALATION_RECIPIENTS } from '../sla/escalation';
import type { Executor } from './db/client';
import { installation, type outbox } from './db/schema';

/** Why a tracking link is sent: the ticket's first dispatch, or a roadside provider's acceptance. */
export const TRACKING_LINK_REASONS = ['dispatched', 'provider_accepted'] as const;
export type TrackingLinkReason = (typeof TRACKING_LINK_REASONS)[number];

/*
 * The registry of everything that leaves a transaction for another process: outbox topics (payload schema and where
 * the relay hands each row), BullMQ jobs (queue and payload schema), and the socket.io channel. Socket event names and
 * payloads are browser-safe and live in shared/src/realtime/realtime-events.ts (SERVER_EVENTS).
 * Writing an outbox row (writeOutbox) and adding a job (JobRequest) are type-checked against it; the relay and the
 * processors parse what they read back with the same schemas.
 */

/**
 * BullMQ queues. Queue names live in Redis keys: renaming one strands the jobs already queued under the old name, so
 * add a new name and drain the old one instead.
 */
export const QUEUES = {
  audit: 'audit',
  housekeeping: 'housekeeping',
  notifications: 'notifications',
  sla: 'sla',
  /** Report checkpoints and export files. */
  reports: 'reports',
  /** Text messages to customers (the tracking link). */
  sms: 'sms',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

const ZTicketId = z.uuid();
const ZPartyId = z.string().min(1);
const ZSlaMoment = z.object({ ticketId: ZTicketId, milestoneId: z.uuid(), clock: z.string().min(1), dueAt: z.iso.datetime() });

/**
 * Outbox topics and the schema of their payloads. Topic names are stored in outbox rows: renaming one strands rows
 * already written, so add a new topic instead. Payloads are read back with `z.object` (unknown keys dropped), so a
 * field may be added; a field a reader needs may not be removed.
 */
export const OUTBOX_PAYLOADS = {
  /** Live update of a ticket (built by `ticketChangedOutbox` only). */
  'ticket.changed': ZTicketChangedOutbox,
  'ticket.dispatched': z.object({ ticketId: ZTicketId, dealerId: ZPartyId.nullable(), departmentId: ZPartyId.nullable(), ccDepartmentIds: z.array(ZPartyId) }),
  'ticket.rejected': z.object({ ticketId: ZTicketId, dealerId: ZPartyId.nullable(), reasonCode: z.string().min(1) }),
  'ticket.resolved': z.object({ resolution: z.string().nullable() }),
  /** The customer was unhappy at the callback (回访): the ticket is back with its responsible party. */
  'ticket.reopened': z.object({
    taskId: z.uuid(),
    satisfaction: z.int().min(1).max(5).nullable(),
    solved: z.boolean().nullable(),
    reason: z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() }).nullable(),
    comment: z.string().nullable(),
  }),
  /** A ticket's clocks started, stopped or moved: its timers are rebuilt from the database. */
  'sla.changed': z.object({
    ticketId: ZTicketId,
    version: z.int().min(1).optional(),
    reason: z.literal('policy_applied').optional(),
    policyId: z.uuid().optional(),
  }),
  'sla.warning': ZSlaMoment,
  'sla.breached': ZSlaMoment,
  /** A rescue offer went out: its timeout is scheduled (a delayed job at `dueAt`). */
  'roadside.offered': z.object({ offerId: z.uuid(), dueAt: z.iso.datetime() }),
  'sla.escalated': ZSlaMoment.extend({
    level: z.int().min(1),
    recipients: z.array(z.enum(ESCALATION_RECIPIENTS)),
    channels: z.array(z.enum(ESCALATION_CHANNELS)),
  }),
  /**
   * The customer gets a tracking link by SMS: at the first dispatch, and when a roadside provider accepts
   * (`requestTrackingLink`). The SMS worker makes the link (one per row) and sends it.
   */
  'tracking.link_requested': z.object({ ticketId: ZTicketId, reason: z.enum(TRACKING_LINK_REASONS) }),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type OutboxTopic = keyof typeof OUTBOX_PAYLOADS;
export const OUTBOX_TOPICS = Object.keys(OUTBOX_PAYLOADS) as OutboxTopic[];
export type OutboxPayload<T extends OutboxTopic> = z.output<(typeof OUTBOX_PAYLOADS)[T]>;
/** One outbox message: a topic and its payload, checked together (`{ topic: 'sla.warning', payload: … }`). */
export type OutboxMessage<T extends OutboxTopic = OutboxTopic> = { [K in T]: { topic: K; payload: OutboxPayload<K> } }[T];

/** The topics that become mail: each is a `notification` job carrying its row. */
export const MAIL_TOPICS = ['ticket.dispatched', 'ticket.rejected', 'ticket.resolved', 'ticket.reopened', 'sla.warning', 'sla.breached', 'sla.escalated'] as const satisfies readonly OutboxTopic[];
export type MailTopic = (typeof MAIL_TOPICS)[number];

const notificationJobOf = <T extends MailTopic>(topic: T) =>
  z.strictObject({ outboxId: z.int(), topic: z.literal(topic), ticketId: ZTicketId, payload: OUTBOX_PAYLOADS[topic] });

/** "Deliver what outbox row `outboxId` calls for": the row's topic and payload, typed together. */
export const ZNotificationJob = z.discriminatedUnion('topic', [
  notificationJobOf('ticket.dispatched'),
  notificationJobOf('ticket.rejected'),
  notificationJobOf('ticket.resolved'),
  notificationJobOf('ticket.reopened'),
  notificationJobOf('sla.warning'),
  notificationJobOf('sla.breached'),
  notificationJobOf('sla.escalated'),
]);
export type TNotificationJob = z.output<typeof ZNotificationJob>;

const ZAuditCheckpointJob = z.strictObject({ task: z.literal('audit-checkpoint') });
const ZAuditVerifyJob = z.strictObject({ task: z.literal('audit-verify') });
const ZSlaMomentJob = z.strictObject({ kind: z.enum(['warning', 'breach']), milestoneId: z.uuid(), at: z.iso.datetime() });
const ZSlaEscalationJob = z.strictObject({ kind: z.literal('escalation'), milestoneId: z.uuid(), at: z.iso.datetime(), level: z.int().min(1) });
const ZSlaRescheduleJob = z.strictObject({ kind: z.literal('reschedule'), ticketId: ZTicketId });
/** Schedule a rescue offer's timeout, and the timeout itself (job id `roadside-offer-<offer>`). */
const ZRoadsideOfferScheduleJob = z.strictObject({ kind: z.literal('roadside-offer-schedule'), offerId: z.uuid() });
const ZRoadsideOfferDueJob = z.strictObject({ kind: z.literal('roadside-offer-due'), offerId: z.uuid(), at: z.iso.datetime() });
const ZTakeCheckpointsJob = z.strictObject({ task: z.literal('take-checkpoints') });
const ZExportJob = z.strictObject({ task: z.literal('export'), exportId: z.uuid() });
const ZImportJob = z.strictObject({ task: z.literal('import'), importId: z.uuid() });
const ZTrackingSmsJob = z.strictObject({ outboxId: z.int(), ticketId: ZTicketId, reason: z.enum(TRACKING_LINK_REASONS) });

/**
 * Every job by name: the queue it goes to and the schema of its payload. The name is the BullMQ job name. Processors
 * parse by queue (JOB_PAYLOADS), so a job already queued under an older name is still understood.
 */
export const JOBS = {
  /** A signed checkpoint of every chain head (daily, on a job scheduler). */
  'audit-checkpoint': { queue: QUEUES.audit, payload: ZAuditCheckpointJob },
  /** A recorded verification of every chain and figure (nightly); a broken one alerts QA and admins. */
  'audit-verify': { queue: QUEUES.audit, payload: ZAuditVerifyJob },
  'purge-expired': { queue: QUEUES.housekeeping, payload: z.strictObject({ task: z.literal('purge-expired') }) },
  /** Hourly: create the new-vehicle campaign calls (新车回访) due today (idempotent). */
  'generate-campaign-callbacks': { queue: QUEUES.housekeeping, payload: z.strictObject({ task: z.literal('generate-campaign-callbacks') }) },
  /** Nightly: train the category suggestions on the confirmed history (admins also retrain on demand, in the API). */
  'assist-retrain': { queue: QUEUES.housekeeping, payload: z.strictObject({ task: z.literal('assist-retrain') }) },
  /** A clock's warning or breach moment (job id `sla-<milestone>-<kind>`). */
  warning: { queue: QUEUES.sla, payload: ZSlaMomentJob },
  breach: { queue: QUEUES.sla, payload: ZSlaMomentJob },
  /** A breached clock's next escalation level (job id `sla-<milestone>-escalation-<level>`). */
  escalation: { queue: QUEUES.sla, payload: ZSlaEscalationJob },
  /** A ticket whose clocks moved: its timers are replaced. */
  reschedule: { queue: QUEUES.sla, payload: ZSlaRescheduleJob },
  /** A rescue offer's timer: scheduled from its outbox row, fired at its due time (the sla queue runs timers). */
  'roadside-offer-schedule': { queue: QUEUES.sla, payload: ZRoadsideOfferScheduleJob },
  'roadside-offer-due': { queue: QUEUES.sla, payload: ZRoadsideOfferDueJob },
  /** One outbox row to turn into notifications (mail). */
  notification: { queue: QUEUES.notifications, payload: ZNotificationJob },
  /** Hourly: take the report checkpoints whose cutoff (the 10th, the 20th, the month end) has passed. */
  'take-checkpoints': { queue: QUEUES.reports, payload: ZTakeCheckpointsJob },
  /** Write one export's file (job id `export-<id>`). */
  export: { queue: QUEUES.reports, payload: ZExportJob },
  /** Run one import of customers, vehicles or relations (job id `import-<id>`). */
  import: { queue: QUEUES.reports, payload: ZImportJob },
  /** Make the tracking link an outbox row asked for and text it to the customer (idempotent per outbox row). */
  'tracking-sms': { queue: QUEUES.sms, payload: ZTrackingSmsJob },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type JobName = keyof typeof JOBS;
export type JobPayload<J extends JobName> = z.output<(typeof JOBS)[J]['payload']>;
/** A job to add: its name and a payload checked against that name's schema. */
export type JobRequest<J extends JobName = JobName> = { [K in J]: { name: K; data: JobPayload<K> } }[J];
/** Builds a `JobRequest` (the type check happens here, where the name is known). */
export const jobRequest = <J extends JobName>(name: J, data: JobPayload<J>) => ({ name, data }) as JobRequest<J>;
/** The queue a job goes to. */
export const queueOfJob = (name: JobName): QueueName => JOBS[name].queue;

/** What a queue's processor parses a job's data with: the union of its jobs' schemas. */
export const JOB_PAYLOADS = {
  audit: z.union([ZAuditCheckpointJob, ZAuditVerifyJob]),
  housekeeping: z.union([JOBS['purge-expired'].payload, JOBS['generate-campaign-callbacks'].payload, JOBS['assist-retrain'].payload]),
  sla: z.union([ZSlaMomentJob, ZSlaEscalationJob, ZSlaRescheduleJob, ZRoadsideOfferScheduleJob, ZRoadsideOfferDueJob]),
  notifications: ZNotificationJob,
  reports: z.union([ZTakeCheckpointsJob, ZExportJob, ZImportJob]),
  sms: ZTrackingSmsJob,
} satisfies Record<QueueName, z.ZodType>;
export type QueuePayload<Q extends QueueName> = z.output<(typeof JOB_PAYLOADS)[Q]>;

type OutboxTableRow = typeof outbox.$inferSelect;

/** An outbox row read back and validated: its topic and payload typed together, its ticket known. */
export type RelayedOutboxRow<T extends OutboxTopic = OutboxTopic> = Omit<OutboxTableRow, 'topic' | 'payload' | 'ticketId'> & { ticketId: string } & OutboxMessage<T>;

/**
 * Where the relay hands a topic's rows: a job (built from the row), or a socket.io event emitted through the Redis
 * emitter (the change it fans out). Written as methods so that a table of targets keyed by topic type-checks.
 */
export type RelayTarget<T extends OutboxTopic> =
  | { kind: 'job'; job(row: RelayedOutboxRow<T>): JobRequest }
  | { kind: 'socket'; event: ServerEventName; change(row: RelayedOutboxRow<T>): OutboxPayload<'ticket.changed'> };

const mailTarget = <T extends MailTopic>(): RelayTarget<T> => ({
  kind: 'job',
  job: (row) => jobRequest('notification', { outboxId: row.id, topic: row.topic, ticketId: row.ticketId, payload: row.payload } as TNotificationJob),
});

/** Every topic's relay target. */
export const OUTBOX_TARGETS: { [T in OutboxTopic]: RelayTarget<T> } = {
  'ticket.changed': { kind: 'socket', event: REALTIME_EVENTS.ticketChanged, change: (row) => row.payload },
  'ticket.dispatched': mailTarget(),
  'ticket.rejected': mailTarget(),
  'ticket.resolved': mailTarget(),
  'ticket.reopened': mailTarget(),
  'sla.changed': { kind: 'job', job: (row) => jobRequest('reschedule', { kind: 'reschedule', ticketId: row.ticketId }) },
  'sla.warning': mailTarget(),
  'sla.breached': mailTarget(),
  'sla.escalated': mailTarget(),
  'tracking.link_requested': {
    kind: 'job',
    job: (row) => jobRequest('tracking-sms', { outboxId: row.id, ticketId: row.ticketId, reason: row.payload.reason }),
  },
  'roadside.offered': { kind: 'job', job: (row) => jobRequest('roadside-offer-schedule', { kind: 'roadside-offer-schedule', offerId: row.payload.offerId }) },
};

/** Where one validated row goes, resolved from the table. */
export type ResolvedRelayTarget = { kind: 'job'; request: JobRequest } | { kind: 'socket'; event: ServerEventName; change: OutboxPayload<'ticket.changed'> };

export function relayTargetOf(row: RelayedOutboxRow): ResolvedRelayTarget {
  // TypeScript cannot follow the link between `row.topic` and the entry it picks (a correlated union): the table's
  // type already pairs each topic's target with that topic's rows.
  const target = OUTBOX_TARGETS[row.topic] as RelayTarget<OutboxTopic>;
  return target.kind === 'job' ? { kind: 'job', request: target.job(row) } : { kind: 'socket', event: target.event, change: target.change(row) };
}

/** Why an outbox row read back cannot be relayed (unknown topic, no ticket, a payload its schema refuses). */
export class MalformedOutboxRow extends Error {
  constructor(
    readonly row: Pick<OutboxTableRow, 'id' | 'topic'>,
    reason: string,
  ) {
    super(`malformed outbox row ${row.id} (${row.topic}): ${reason}`);
    this.name = 'MalformedOutboxRow';
  }
}

/** Reads an outbox row back through its topic's schema; a row that does not fit is a MalformedOutboxRow. */
export function parseOutboxRow(row: OutboxTableRow): RelayedOutboxRow {
  if (!Object.hasOwn(OUTBOX_PAYLOADS, row.topic)) throw new MalformedOutboxRow(row, 'unknown topic');
  if (!row.ticketId) throw new MalformedOutboxRow(row, 'no ticket id');
  const topic = row.topic as OutboxTopic;
  const parsed = OUTBOX_PAYLOADS[topic].safeParse(row.payload);
  if (!parsed.success) throw new MalformedOutboxRow(row, z.prettifyError(parsed.error).replace(/\n/g, '; '));
  return { ...row, ticketId: row.ticketId, topic, payload: parsed.data } as RelayedOutboxRow;
}

/**
 * The Redis channel key of socket.io: the API's Redis adapter listens on it and the workers' Redis emitter publishes
 * on it. Under the deployment's Redis prefix, so that deployments sharing a Redis stay apart.
 */
export const realtimeChannelKey = (redisPrefix: string) => `${redisPrefix}socket.io`;

/**
 * BullMQ's key prefix: under the deployment's Redis prefix (test runs and deployments sharing a Redis stay apart), then
 * the installation id, so that two databases behind one Redis and one prefix (a database reset or restored, a second
 * deployment configured alike) never take each other's jobs: a worker reads the outbox and the clocks of its own
 * database only.
 */
export function bullPrefix(redisPrefix: string, installationId: string): string {
  return `${redisPrefix}bull:${installationId}`;
}

/**
 * This database's installation id (one row, written by the migration that created the table): read once at start.
 * A database created afresh (a reset, a new deployment) has a new one, so job ids that start with it cannot meet the
 * jobs an earlier database left in a Redis shared under the same prefix.
 */
export async function loadInstallationId(db: Executor): Promise<string> {
  const [row] = await db.select({ id: installation.id }).from(installation).limit(1);
  if (!row) throw new Error('the installation table is empty: run the migrations (npm run db:migrate)');
  return row.id;
}

/**
 * A job id: the installation id, then the parts, joined by '-'. BullMQ refuses ':' in custom ids (it separates the
 * parts of its Redis keys) and ids that look like integers; a uuid in front rules out both.
 */
export function jobIdOf(installationId: string, ...parts: Array<string | number>): string {
  return [installationId, ...parts].join('-');
}
