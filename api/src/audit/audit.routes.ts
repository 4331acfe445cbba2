import { AppError, verifyAllAuditsContract, verifyTicketAuditContract } from '@careline/shared';
import { verifyAllAudits, verifyTicketAudit } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';

/** QA's proof that history was not rewritten: the hash chain of one ticket, or of all. */
export function auditRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(verifyTicketAuditContract, async ({ params }) => {
      const result = await verifyTicketAudit(db, params.id);
      if (!result) throw new AppError('NOT_FOUND');
      return result;
    }),
    implement(verifyAllAuditsContract, async () => {
      const report = await verifyAllAudits(db);
      return { ok: report.broken.length === 0, ...report };
    }),
  ];
}
