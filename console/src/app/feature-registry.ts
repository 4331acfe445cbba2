import type { Role } from '@careline/shared';
import type { RouteObject } from 'react-router';

/** An entry of the side menu; shown to the listed roles, sorted by `order`. */
export interface MenuEntry {
  /** Absolute path the entry opens, e.g. `/admin`. */
  path: string;
  /** Message key of the label (from the feature's `*.messages.ts`). */
  labelKey: string;
  roles: readonly Role[];
  order: number;
}

/**
 * What a feature folder contributes: routes under the signed-in layout (paths relative to `/`, pages loaded with
 * `lazy` so each feature is its own chunk) and menu entries. A role's home is the path a feature's `homes` names for it,
 * else its first menu entry.
 */
export interface ConsoleFeature {
  id: string;
  routes: RouteObject[];
  menu?: MenuEntry[];
  /**
   * A role's home when it is not its first menu entry (QA lands on its own area, which comes after the ticket queues
   * in the menu). One feature per role; see `features/qa/qa-home.ts`.
   */
  homes?: Partial<Record<Role, string>>;
}

/**
 * The roles that may use a route and everything under it, set as the route's `handle` (`restrictTo(...)`). The
 * layout shows "no access" instead of a page the role may not use; the API refuses its calls anyway, but a screen
 * that renders and then fails is not how a console should answer.
 */
export interface RouteAccess {
  roles: readonly Role[];
}

export function restrictTo(...roles: Role[]): { handle: RouteAccess } {
  return { handle: { roles } };
}

/** The roles the deepest restricted route among `matches` allows, or null when no route restricts them. */
export function allowedRoles(matches: ReadonlyArray<{ handle?: unknown }>): readonly Role[] | null {
  const restricted = matches.map((match) => match.handle as Partial<RouteAccess> | undefined).filter((handle) => Array.isArray(handle?.roles));
  return restricted.at(-1)?.roles ?? null;
}

export function defineFeature(feature: ConsoleFeature): ConsoleFeature {
  return feature;
}

// Every `features/<name>/<name>.routes.tsx` exporting a defineFeature(...) is registered: adding a feature folder
// needs no edit here.
const modules = import.meta.glob<Record<string, unknown>>('../features/*/*.routes.tsx', { eager: true });

function isFeature(value: unknown): value is ConsoleFeature {
  return typeof value === 'object' && value !== null && 'id' in value && 'routes' in value && Array.isArray((value as ConsoleFeature).routes);
}

export const FEATURES: ConsoleFeature[] = Object.values(modules)
  .flatMap((module) => Object.values(module).filter(isFeature))
  .sort((a, b) => a.id.localeCompare(b.id));

export function menuFor(role: Role): MenuEntry[] {
  return FEATURES.flatMap((feature) => feature.menu ?? [])
    .filter((entry) => entry.roles.includes(role))
    .sort((a, b) => a.order - b.order);
}

export function homePathFor(role: Role): string {
  const chosen = FEATURES.map((feature) => feature.homes?.[role]).find((path) => path !== undefined);
  return chosen ?? menuFor(role)[0]?.path ?? '/tickets';
}
