/**
 * `npm run audit:verify [-- --ticket <id or number>]`: checks the hash chain of one ticket or of all, and names every
 * event that no longer matches. Exit code 0 when intact, 1 when something was edited, 2 on a usage error.
 */
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { tickets } from '../db/schema';
import { verifyAllAudits, verifyTicketAudit } from './verify-audit';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const ticketArgument = args.includes('--ticket') ? args[args.indexOf('--ticket') + 1] : undefined;
  if (args.includes('--ticket') && !ticketArgument) {
    console.error('usage: npm run audit:verify [-- --ticket <ticket id or number>]');
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir + '/pglite' });
  try {
    if (ticketArgument) {
      const isUuid = /^[0-9a-f-]{36}$/i.test(ticketArgument);
      const [ticket] = await database.db
        .select({ id: tickets.id })
        .from(tickets)
        .where(isUuid ? eq(tickets.id, ticketArgument) : eq(tickets.number, ticketArgument));
      const result = ticket ? await verifyTicketAudit(database.db, ticket.id) : null;
      if (!result) {
        console.error(`no ticket ${ticketArgument}`);
        return 2;
      }
      if (result.ok) {
        console.log(`OK ${result.number}: ${result.events} events intact`);
        return 0;
      }
      console.log(`BROKEN ${result.number}: event #${result.sequence} (${result.eventId}) ${result.problem}`);
      return 1;
    }
    const report = await verifyAllAudits(database.db);
    for (const broken of report.broken) {
      console.log(`BROKEN ${broken.number} (${broken.ticketId}): event #${broken.sequence} ${broken.eventId} ${broken.problem}`);
    }
    console.log(`${report.tickets} tickets, ${report.events} events, ${report.broken.length} broken`);
    return report.broken.length === 0 ? 0 : 1;
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
