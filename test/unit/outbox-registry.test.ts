import { randomUUID } from 'node:crypto';
import { SERVER_EVENTS, ticketChangedOutbox } from '../../shared/src/realtime/realtime-events';
import {
  JOB_PAYLOADS,
  JOBS,
  type JobName,
  MalformedOutboxRow,
  OUTBOX_PAYLOADS,
  OUTBOX_TARGETS,
  OUTBOX_TOPICS,
  type OutboxPayload,
  type OutboxTopic,
  parseOutboxRow,
  QUEUES,
  relayTargetOf,
} from '../../shared/src/server/jobs';
import type { NewOutboxRow } from '../../shared/src/server/tickets/ticket-events';

/** The registry of outbox topics, jobs and socket events (shared/src/server/jobs.ts) is complete and consistent. */
const ticketId = randomUUID();
const milestoneId = randomUUID();
const moment = { ticketId, milestoneId, clock: 'acknowledge', dueAt: '2026-12-02T08:00:00.000Z' };

// One payload per topic, as the commands write them: a topic added to the registry without a sample does not compile.
const SAMPLES: { [T in OutboxTopic]: OutboxPayload<T> } = {
  'ticket.changed': ticketChangedOutbox({
    ticketId,
    version: 2,
    kind: 'dispatched',
    before: { responsibleDealerId: null, responsibleDepartmentId: null, ccDepartmentIds: [] },
    after: { responsibleDealerId: 'dealer-1', responsibleDepartmentId: null, ccDepartmentIds: ['dept-1'] },
  }),
  'ticket.dispatched': { ticketId, dealerId: 'dealer-1', departmentId: null, ccDepartmentIds: [] },
  'ticket.rejected': { ticketId, dealerId: 'dealer-1', reasonCode: 'wrong_region' },
  'ticket.resolved': { resolution: 'replaced the part' },
  'ticket.reopened': { taskId: randomUUID(), satisfaction: 2, solved: false, reason: { code: 'slow', nameZh: '处理速度慢', nameEn: 'Too slow' }, comment: null },
  'sla.changed': { ticketId, version: 3 },
  'sla.warning': moment,
  'sla.breached': moment,
  'sla.escalated': { ...moment, level: 1, recipients: ['owner', 'regional_manager'], channels: ['mail'] },
  'tracking.link_requested': { ticketId, reason: 'dispatched' },
  'roadside.offered': { offerId: randomUUID(), dueAt: '2026-12-02T08:05:00.000Z' },
};

const rowOf = (topic: string, payload: unknown, id = 7) => ({
  id,
  topic,
  ticketId: ticketId as string | null,
  payload: payload as Record<string, unknown>,
  createdAt: new Date(),
  availableAt: new Date(),
  processedAt: null,
  attempts: 0,
  lastError: null,
});

describe('outbox registry', () => {
  it('gives every topic a payload schema and a relay target, and every target a job or socket event it knows', () => {
    expect([...OUTBOX_TOPICS].sort()).toEqual(Object.keys(OUTBOX_TARGETS).sort());
    for (const topic of OUTBOX_TOPICS) {
      expect(typeof OUTBOX_PAYLOADS[topic].safeParse).toBe('function');
      const target = OUTBOX_TARGETS[topic];
      expect(['job', 'socket']).toContain(target.kind);
      if (target.kind === 'socket') expect(Object.keys(SERVER_EVENTS)).toContain(target.event);
    }
  });

  it('gives every job a queue of the registry and a payload schema, and each queue a schema its processor parses with', () => {
    const queues = Object.values(QUEUES);
    for (const name of Object.keys(JOBS) as JobName[]) {
      expect(queues).toContain(JOBS[name].queue);
      expect(typeof JOBS[name].payload.safeParse).toBe('function');
    }
    expect(Object.keys(JOB_PAYLOADS).sort()).toEqual([...queues].sort());
  });

  it.each(OUTBOX_TOPICS)('relays a well-formed %s row to a target whose payload its schema and its processor accept', (topic) => {
    const row = parseOutboxRow(rowOf(topic, SAMPLES[topic]));
    expect(row.payload).toEqual(SAMPLES[topic]);
    const target = relayTargetOf(row);
    if (target.kind === 'socket') {
      expect(target.change).toEqual(SAMPLES['ticket.changed']);
      return;
    }
    const { name, data } = target.request;
    expect(JOBS[name].payload.safeParse(data).success).toBe(true);
    expect(JOB_PAYLOADS[JOBS[name].queue].safeParse(data).success).toBe(true);
  });

  it('refuses a row its topic schema does not accept, an unknown topic, and a row without a ticket, saying why', () => {
    const refusal = (row: ReturnType<typeof rowOf>) => {
      try {
        parseOutboxRow(row);
      } catch (error) {
        expect(error).toBeInstanceOf(MalformedOutboxRow);
        return (error as Error).message;
      }
      throw new Error(`row ${row.topic} was accepted`);
    };
    expect(refusal(rowOf('sla.warning', { ticketId, milestoneId }))).toMatch(/^malformed outbox row 7 \(sla\.warning\): .*clock/);
    expect(refusal(rowOf('sla.escalated', { ...moment, level: 1, recipients: ['the_ceo'], channels: ['mail'] }))).toContain('recipients');
    expect(refusal(rowOf('ticket.changed', { ticketId: 'not-a-uuid', version: 1, kind: 'note' }))).toContain('ticketId');
    expect(refusal(rowOf('ticket.archived', { ticketId }))).toContain('unknown topic');
    expect(refusal({ ...rowOf('sla.changed', { ticketId }), ticketId: null })).toContain('no ticket id');
  });

  it('reads a ticket.changed row written before the audience fields existed as an empty audience', () => {
    const row = parseOutboxRow(rowOf('ticket.changed', { ticketId, version: 1, kind: 'created' }));
    expect(row.payload).toEqual({ ticketId, version: 1, kind: 'created', dealerIds: [], departmentIds: [], lostDealerIds: [], lostDepartmentIds: [] });
  });

  it('type-checks an outbox row against its topic', () => {
    const rows: NewOutboxRow[] = [
      { topic: 'sla.warning', ticketId, payload: moment },
      // @ts-expect-error a warning without its clock and due time is not an sla.warning payload
      { topic: 'sla.warning', ticketId, payload: { ticketId, milestoneId } },
      // @ts-expect-error a topic the registry does not know
      { topic: 'ticket.archived', ticketId, payload: { ticketId } },
    ];
    expect(rows).toHaveLength(3);
  });
});
