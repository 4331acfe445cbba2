// The audit pages in one lazily loaded chunk with their words: QA and admins open the runs, a run and the checkpoints
// in a row; nobody else ever loads them.
export { auditMessages } from './audit.messages';
export { AuditPage } from '../pages/AuditPage';
export { AuditRunPage } from '../pages/AuditRunPage';
