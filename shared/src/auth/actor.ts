import type { Role } from '../tickets/ticket-vocabulary';

/** Who is acting: a signed-in user, a dealer system's API key, or careline itself (workers, seeding). */
export interface Actor {
  kind: 'user' | 'api_key' | 'system';
  id: string;
  name: string;
  role: Role;
  dealerId: string | null;
  departmentId: string | null;
}

/** Roles that work for the OEM's hotline and see every ticket. */
export const HOTLINE_ROLES: readonly Role[] = ['agent', 'supervisor', 'qa', 'admin'];
export const DEALER_ROLES: readonly Role[] = ['dealer_user', 'dealer_manager'];

export function isDealerRole(role: Role): boolean {
  return DEALER_ROLES.includes(role);
}

export function isHotlineRole(role: Role): boolean {
  return HOTLINE_ROLES.includes(role);
}

/** What a user of the role belongs to: a dealer (dealer roles), a department (dept_user), or neither (hotline). */
export function scopeOfRole(role: Role): 'dealer' | 'department' | 'none' {
  if (isDealerRole(role)) return 'dealer';
  if (role === 'dept_user') return 'department';
  return 'none';
}

export const SYSTEM_ACTOR: Actor = {
  kind: 'system',
  id: '00000000-0000-0000-0000-000000000000',
  name: 'careline',
  role: 'admin',
  dealerId: null,
  departmentId: null,
};
