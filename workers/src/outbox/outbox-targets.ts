/**
 * The relay's callback: one validated outbox row to the target the registry names for its topic (OUTBOX_TARGETS in
 * shared/src/server/jobs.ts) — a BullMQ job under a deterministic id, or a socket.io publish. Called outside any
 * database transaction (outbox-relay.ts).
 */
import { jobIdOf, type RelayedOutboxRow, relayTargetOf } from '@careline/shared/server';
import type { Logger } from 'pino';
import type { JobQueues } from '../queues/job-queues';
import type { TicketChangedEmitter } from '../realtime/ticket-changed.emitter';

export function outboxTarget(options: { installationId: string; jobs: JobQueues; ticketChanged: TicketChangedEmitter; logger: Logger }): (row: RelayedOutboxRow) => Promise<void> {
  const { installationId, jobs, ticketChanged, logger } = options;
  return async (row) => {
    const target = relayTargetOf(row);
    switch (target.kind) {
      case 'socket':
        await ticketChanged.emit(target.change);
        return;
      case 'job':
        // The installation and the outbox id make the job id: a row relayed twice is one job, and another database's
        // row with the same id is another job.
        await jobs.addOnce(target.request, jobIdOf(installationId, 'outbox', row.id), logger);
        return;
      default: {
        const unknown: never = target;
        throw new Error(`no relay target ${JSON.stringify(unknown)}`);
      }
    }
  };
}
