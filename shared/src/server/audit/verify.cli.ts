/**
 * `npm run audit:verify [-- --ticket <id or number>] [--checkpoint <id>] [--no-record]`: checks the chains and the
 * figures derived from them, of one ticket or of all (then against the newest valid checkpoint, or the one named), and
 * names every event, row and field that no longer matches. A check of all is recorded as a run (unless --no-record),
 * and a broken one leaves a mail to QA and admins for the workers to send. Exit code 0 when intact, 1 when something
 * was altered, 2 on a usage error.
 */
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { tickets } from '../db/schema';
import { configureAuditKeys, loadAuditKeys } from './audit-keys';
import { CheckpointNotFound, describeProblem, runAuditVerification } from './audit-runs';
import { readCheckpoint } from './checkpoints';
import { type AuditProblem, verifyAllAudits, verifyTicketAudit } from './verify-audit';

const usage = 'usage: npm run audit:verify [-- --ticket <ticket id or number>] [--checkpoint <checkpoint id>] [--no-record]';

function brokenLine(problem: AuditProblem): string {
  const [, rest] = describeProblem(problem).split(/: (.*)/s);
  return `BROKEN ${problem.number} (${problem.ticketId}): ${rest}`;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => (args.includes(flag) ? (args[args.indexOf(flag) + 1] ?? '') : undefined);
  const ticketArgument = valueOf('--ticket');
  const checkpointId = valueOf('--checkpoint');
  if (ticketArgument === '' || checkpointId === '') {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  const keys = loadAuditKeys(config);
  configureAuditKeys(keys);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir + '/pglite' });
  try {
    if (ticketArgument) {
      const isUuid = /^[0-9a-f-]{36}$/i.test(ticketArgument);
      const [ticket] = await database.db
        .select({ id: tickets.id })
        .from(tickets)
        .where(isUuid ? eq(tickets.id, ticketArgument) : eq(tickets.number, ticketArgument));
      const checkpoint = checkpointId ? await readCheckpoint(config.auditCheckpointDir, checkpointId, keys.publicKey) : null;
      if (checkpointId && !checkpoint?.valid) {
        console.error(checkpoint ? `checkpoint ${checkpointId} does not match its signature` : `no checkpoint ${checkpointId}`);
        return checkpoint ? 1 : 2;
      }
      const entry = checkpoint?.body?.tickets.find((candidate) => candidate.ticketId === ticket?.id);
      const result = ticket ? await verifyTicketAudit(database.db, ticket.id, keys.chainKey, entry) : null;
      if (!result) {
        console.error(`no ticket ${ticketArgument}`);
        return 2;
      }
      if (result.ok) {
        console.log(`OK ${result.number}: ${result.events} events intact${result.covered ? ', figures match' : ' (created before figures were on the chain)'}`);
        return 0;
      }
      for (const problem of result.problems) console.log(brokenLine(problem));
      return 1;
    }
    let report: { tickets: number; events: number; uncoveredTickets: number; problemCount: number; problems: AuditProblem[]; checkpointId: string | null; checkpointError: string | null };
    if (args.includes('--no-record')) {
      const checkpoint = checkpointId ? await readCheckpoint(config.auditCheckpointDir, checkpointId, keys.publicKey) : null;
      const entries = checkpoint?.valid ? [...(checkpoint.body?.tickets ?? [])].sort((a, b) => (a.ticketId < b.ticketId ? -1 : 1)) : [];
      const campaignEntries = checkpoint?.valid ? [...(checkpoint.body?.campaignTasks ?? [])].sort((a, b) => (a.ticketId < b.ticketId ? -1 : 1)) : [];
      report = {
        ...(await verifyAllAudits(database.db, { key: keys.chainKey, checkpoint: entries, campaignCheckpoint: campaignEntries })),
        checkpointId: checkpoint?.valid ? checkpoint.id : null,
        checkpointError: checkpointId && !checkpoint?.valid ? `checkpoint ${checkpointId} unusable` : null,
      };
    } else {
      try {
        const run = await runAuditVerification(database.db, { keys, checkpointDir: config.auditCheckpointDir, trigger: 'cli', checkpointId, publicUrl: config.publicUrl });
        report = run;
      } catch (error) {
        if (!(error instanceof CheckpointNotFound)) throw error;
        console.error(error.message);
        return 2;
      }
    }
    for (const problem of report.problems) console.log(brokenLine(problem));
    if (report.checkpointError) console.log(`CHECKPOINT ${report.checkpointError}`);
    const broken = new Set(report.problems.map((problem) => problem.ticketId)).size;
    const against = report.checkpointId ? ` against checkpoint ${report.checkpointId}` : ' (no checkpoint)';
    console.log(
      `${report.tickets} tickets, ${report.events} events, ${broken} broken, ${report.problemCount} problems${against}` +
        (report.uncoveredTickets > 0 ? `; ${report.uncoveredTickets} tickets predate figures on the chain` : ''),
    );
    return report.problemCount === 0 && !report.checkpointError ? 0 : 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
