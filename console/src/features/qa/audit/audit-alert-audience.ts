import type { Role } from '@careline/shared';

/** Who is told live that the audit chain is broken: the server sends `audit.broken` to these roles' rooms only. */
const AUDIT_ALERT_ROLES: readonly Role[] = ['qa', 'admin'];

/** Whether the console mounts the live audit alert for this role (kept apart from the banner, which loads lazily). */
export function hearsAuditAlerts(role: Role): boolean {
  return AUDIT_ALERT_ROLES.includes(role);
}
