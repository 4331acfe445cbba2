/**
 * Where the outbox relay hands each row: a BullMQ job (notifications, SLA reschedules) under a deterministic id, or a
 * socket.io publish for 'ticket.changed'. Called outside any database transaction (outbox-relay.ts).
 */
import { createHash } from 'node:crypto';
import { jobIdOf, type JobPayload, type OutboxRow, type QueueName } from '@careline/shared/server';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { TicketChangedEmitter } from '../realtime/ticket-changed.emitter';

/**
 * Adds a job under `jobId` unless the same job is already there. BullMQ ignores an add under an id it still holds,
 * so a job id that some other data already occupies (a database restored from a backup reuses outbox ids; a
 * deployment misconfigured onto another's prefix) would silently swallow this one: such a job is added under an id
 * derived from its own data instead, and the collision is logged.
 */
export async function addJobOnce<Q extends QueueName>(
  queue: Queue,
  name: string,
  data: JobPayload<Q>,
  jobId: string,
  logger: Logger,
): Promise<'added' | 'present' | 'added_beside'> {
  const client = (await queue.getBackend().client) as unknown as Redis;
  const serialized = JSON.stringify(data);
  const existing = await client.hget(queue.toKey(jobId), 'data');
  if (existing === null) {
    await queue.add(name, data, { jobId });
    return 'added';
  }
  // The same row relayed twice (a relay died after the add, before marking the row): one job is enough.
  if (existing === serialized) return 'present';
  const beside = `${jobId}-${createHash('sha256').update(serialized).digest('hex').slice(0, 16)}`;
  logger.warn({ queue: queue.name, jobId, beside }, 'job id already taken by a different job; added under an id of its own');
  await queue.add(name, data, { jobId: beside });
  return 'added_beside';
}

/** The relay's callback: one outbox row to its target. */
export function outboxTarget(options: {
  installationId: string;
  notifications: Queue;
  sla: Queue;
  ticketChanged: TicketChangedEmitter;
  logger: Logger;
}): (row: OutboxRow) => Promise<void> {
  const { installationId, notifications, sla, ticketChanged, logger } = options;
  return async (row) => {
    if (row.topic === 'ticket.changed') {
      await ticketChanged.emit(row);
      return;
    }
    // The installation and the outbox id make the job id: a row relayed twice is one job, and another database's
    // row with the same id is another job.
    const jobId = jobIdOf(installationId, 'outbox', row.id);
    if (row.topic === 'sla.changed') {
      await addJobOnce<'sla'>(sla, 'reschedule', { kind: 'reschedule', ticketId: row.ticketId! }, jobId, logger);
      return;
    }
    await addJobOnce<'notifications'>(notifications, row.topic, { outboxId: row.id, topic: row.topic, ticketId: row.ticketId, payload: row.payload }, jobId, logger);
  };
}
