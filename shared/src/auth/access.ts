import { AppError } from '../errors/app-error';
import { ROLES, type Role } from '../tickets/ticket-vocabulary';
import { type Actor, HOTLINE_ROLES } from './actor';

/**
 * Who may call an endpoint: a named group of roles, defined once. Endpoint contracts name one of these; commands then
 * check their own domain policy (ticket abilities, a dealer's own data) on top.
 */
export interface Access {
  readonly name: string;
  /** The roles let through, for the docs (`Roles: …` in /api/docs). Empty for `signedIn`: every role. */
  readonly roles: readonly Role[];
  allows(actor: Actor): boolean;
}

function group(name: string, roles: readonly Role[]): Access {
  return { name, roles, allows: (actor) => roles.includes(actor.role) };
}

export const access = {
  /** Any signed-in user or API key. */
  signedIn: { name: 'signedIn', roles: [], allows: () => true } satisfies Access,
  /** Signed-in people of any role, not API keys: their own password and second factor. */
  users: { name: 'users', roles: ROLES, allows: (actor) => actor.kind === 'user' } satisfies Access,
  /** The hotline's front line, who take calls and open tickets. */
  frontline: group('frontline', ['agent', 'supervisor']),
  /** Everyone working for the OEM's hotline: sees every ticket and every customer. */
  hotline: group('hotline', HOTLINE_ROLES),
  /** Those who oversee the hotline: audit, statistics, lookup and configuration records. */
  oversight: group('oversight', ['supervisor', 'qa', 'admin']),
  /**
   * Quality assurance (客户关系部) and admins: they draw samples, fill in and edit scorecards, answer for the audit
   * record (recorded verifications, checkpoints of the chain heads, their key) and take report checkpoints by hand
   * (the scheduled ones are careline's).
   */
  qa: group('qa', ['qa', 'admin']),
  /** QA's findings: QA and admins, supervisors, and a dealer its own scores (enforced by the query). */
  qaScoreReaders: group('qaScoreReaders', ['qa', 'admin', 'supervisor', 'dealer_user', 'dealer_manager']),
  /** Those who read the configuration (rule sets, calendars, SLA policies). */
  configReaders: group('configReaders', ['supervisor', 'admin']),
  /** Those who change the configuration. */
  admin: group('admin', ['admin']),
  /** A dealer's standing: the dealer itself (its own, enforced by the query) and oversight. */
  standingReaders: group('standingReaders', ['dealer_user', 'dealer_manager', 'supervisor', 'admin', 'qa']),
  /**
   * The resolution-time report, its drill-down and exports: oversight sees every party; a dealer its own standing, a
   * department its own (enforced by the query, shared/src/server/reports).
   */
  reportReaders: group('reportReaders', ['supervisor', 'qa', 'admin', 'dealer_user', 'dealer_manager', 'dept_user']),
  /** A dealer's notification settings: the dealer itself (its own, enforced by the query), supervisors and admins. */
  dealerSettingsReaders: group('dealerSettingsReaders', ['dealer_user', 'dealer_manager', 'supervisor', 'admin']),
  /** Who changes them: the dealer's manager (its own, enforced by the command) and admins. */
  dealerSettingsEditors: group('dealerSettingsEditors', ['dealer_manager', 'admin']),
  /** New-vehicle campaign calls (新车回访): the hotline reads them all, a dealer its own (enforced by the query). */
  campaignReaders: group('campaignReaders', [...HOTLINE_ROLES, 'dealer_user', 'dealer_manager']),
  /** Who makes them: the front line the hotline's, a dealer's staff their dealer's (enforced by the command). */
  campaignCallers: group('campaignCallers', ['agent', 'supervisor', 'dealer_user', 'dealer_manager']),
  /**
   * Who imports customer and vehicle files: the hotline's data team (supervisors, admins) any source, a dealer's staff
   * their own DMS files (source `dealer`, their rejected rows only: enforced by the commands).
   */
  importers: group('importers', ['supervisor', 'admin', 'dealer_user', 'dealer_manager']),
  /** Who undoes an import, and merges duplicate customer records: the hotline's data team. */
  importAdmins: group('importAdmins', ['supervisor', 'admin']),
  /** Rescue providers answering offers and reporting progress: a dealer's staff and its API keys (its own, enforced by the command). */
  roadsideProviders: group('roadsideProviders', ['dealer_user', 'dealer_manager']),
  /** Who writes, publishes and archives knowledge-base articles: editors (role `editor`) and admins; everyone else reads. */
  kbEditors: group('kbEditors', ['editor', 'admin']),
} as const;

export type AccessName = keyof typeof access;

/**
 * A command's own check of who may run it: the contract's access stops callers at the API, this stops them whichever
 * way the command is reached (a CLI, a worker, another command). 403 FORBIDDEN otherwise.
 */
export function requireAccess(actor: Actor, allowed: Access): void {
  if (!allowed.allows(actor)) throw new AppError('FORBIDDEN');
}
