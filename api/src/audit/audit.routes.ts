import {
  AppError,
  auditPublicKeyContract,
  createCheckpointContract,
  getAuditRunContract,
  getCheckpointContract,
  listAuditRunsContract,
  listCheckpointsContract,
  runAuditContract,
  verifyAllAuditsContract,
  verifyTicketAuditContract,
} from '@careline/shared';
import {
  type AuditProblem,
  auditAlertEmitter,
  auditKeys,
  CheckpointNotFound,
  findAuditRun,
  latestValidCheckpoint,
  listAuditRuns,
  listCheckpoints,
  readCheckpoint,
  runAuditVerification,
  verifyAllAudits,
  verifyTicketAudit,
  writeCheckpoint,
} from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** The first problem of each ticket. */
function firstPerTicket(problems: AuditProblem[]): AuditProblem[] {
  const first = new Map<string, AuditProblem>();
  for (const problem of problems) if (!first.has(problem.ticketId)) first.set(problem.ticketId, problem);
  return [...first.values()];
}

/**
 * QA's proof that history and figures were not rewritten: verification of one ticket or of all, recorded runs (with
 * their alert), and the signed checkpoints of the chain heads with the key that checks them.
 */
export function auditRoutes(context: AppContext): Implementation[] {
  const { db, config } = context;
  const dir = config.auditCheckpointDir;
  /** The checkpoint a check names, or the newest valid one; an unknown id is 404, a forged one is said. */
  const checkpointFor = async (checkpointId: string | undefined) => {
    const keys = auditKeys();
    if (checkpointId) {
      const stored = await readCheckpoint(dir, checkpointId, keys.publicKey);
      if (!stored) throw new AppError('NOT_FOUND', { checkpointId });
      return stored.valid ? { checkpoint: stored, error: null } : { checkpoint: null, error: `checkpoint ${checkpointId} does not match its signature` };
    }
    const latest = await latestValidCheckpoint(dir, keys.publicKey);
    return { checkpoint: latest.checkpoint, error: latest.skipped.length > 0 ? `checkpoints that do not match their signature: ${latest.skipped.join(', ')}` : null };
  };
  const entriesOf = (checkpoint: Awaited<ReturnType<typeof checkpointFor>>['checkpoint']) =>
    [...(checkpoint?.body?.tickets ?? [])].sort((a, b) => (a.ticketId < b.ticketId ? -1 : a.ticketId > b.ticketId ? 1 : 0));
  return [
    implement(verifyTicketAuditContract, async ({ params, query }) => {
      const { checkpoint } = query.checkpointId ? await checkpointFor(query.checkpointId) : { checkpoint: null };
      const entry = checkpoint?.body?.tickets.find((candidate) => candidate.ticketId === params.id);
      const result = await verifyTicketAudit(db, params.id, auditKeys().chainKey, entry);
      if (!result) throw new AppError('NOT_FOUND');
      return result;
    }),
    implement(verifyAllAuditsContract, async ({ query }) => {
      const { checkpoint, error } = await checkpointFor(query.checkpointId);
      const report = await verifyAllAudits(db, { key: auditKeys().chainKey, checkpoint: entriesOf(checkpoint) });
      return {
        ...report,
        ok: report.problemCount === 0 && error === null,
        checkpointId: checkpoint?.id ?? null,
        checkpointError: error,
        broken: firstPerTicket(report.problems),
      };
    }),
    implement(runAuditContract, async ({ body }) => {
      try {
        return await runAuditVerification(db, {
          keys: auditKeys(),
          checkpointDir: dir,
          trigger: 'api',
          checkpointId: body.checkpointId,
          live: auditAlertEmitter(context.redis, config.redisPrefix),
          publicUrl: config.publicUrl,
        });
      } catch (error) {
        if (error instanceof CheckpointNotFound) throw new AppError('NOT_FOUND', { checkpointId: error.checkpointId });
        throw error;
      }
    }),
    implement(listAuditRunsContract, async () => ({ runs: await listAuditRuns(db) })),
    implement(getAuditRunContract, async ({ params }) => {
      const run = await findAuditRun(db, params.id);
      if (!run) throw new AppError('NOT_FOUND');
      return run;
    }),
    implement(createCheckpointContract, () => writeCheckpoint(db, { keys: auditKeys(), dir })),
    implement(listCheckpointsContract, async () => ({ checkpoints: await listCheckpoints(dir, auditKeys().publicKey) })),
    implement(getCheckpointContract, async ({ params }) => {
      const stored = await readCheckpoint(dir, params.checkpointId, auditKeys().publicKey);
      if (!stored) throw new AppError('NOT_FOUND');
      return {
        id: stored.id,
        valid: stored.valid,
        fileName: `${stored.id}.json`,
        text: stored.text,
        signature: stored.signature,
        publicKeyFingerprint: auditKeys().publicKeyFingerprint,
      };
    }),
    implement(auditPublicKeyContract, () => {
      const keys = auditKeys();
      return { algorithm: 'Ed25519' as const, publicKeyPem: keys.publicKeyPem, fingerprint: keys.publicKeyFingerprint };
    }),
  ];
}
