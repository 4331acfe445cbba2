import type { Role } from '@careline/shared';

/**
 * The administration sections and who may open them: the tabs show only these, and a section reached by URL without
 * the role says "no access" (the API decides in the end; this keeps the console from rendering what would answer 403).
 */
export const ADMIN_SECTIONS: Array<{ key: string; roles: readonly Role[] }> = [
  { key: 'routing', roles: ['admin', 'supervisor'] },
  { key: 'sla', roles: ['admin', 'supervisor'] },
  { key: 'calendars', roles: ['admin', 'supervisor'] },
  // Roadside dispatch: the time a provider has to answer an offer (admins change it, supervisors read it).
  { key: 'roadside', roles: ['admin', 'supervisor'] },
  { key: 'dealers', roles: ['admin', 'supervisor'] },
  { key: 'users', roles: ['admin'] },
  { key: 'departments', roles: ['admin'] },
  // The ticket category tree (names, default priority, copies, keywords): only admins change or need it here.
  { key: 'categories', roles: ['admin'] },
  { key: 'api-keys', roles: ['admin'] },
  { key: 'notifications', roles: ['admin'] },
  // The callbacks' unhappy reasons: the API lets admins alone read the full list (retired ones too).
  { key: 'callback-reasons', roles: ['admin'] },
  // The audit chain's verifications and checkpoints: the QA area's 审计校验 page, here too for admins.
  { key: 'audit', roles: ['admin'] },
  // The category suggestions' trained models: the API lets admins alone list and retrain them.
  { key: 'assist', roles: ['admin'] },
  // QA reads the configuration history only: it is their one section here.
  { key: 'history', roles: ['admin', 'qa', 'supervisor'] },
];

/** Every role that may open at least one section (the menu entry and the layout's guard). */
export const ADMIN_ROLES: Role[] = [...new Set(ADMIN_SECTIONS.flatMap((section) => section.roles))];

export function sectionRoles(key: string): Role[] {
  const section = ADMIN_SECTIONS.find((candidate) => candidate.key === key);
  if (!section) throw new Error(`unknown admin section ${key}`);
  return [...section.roles];
}
