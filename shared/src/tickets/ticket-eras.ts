/**
 * Scoping by era: what a dealer or a department may read of a ticket that changed hands.
 *
 * A ticket's history is cut into responsibility eras by its `dispatched` events (each starts the era of the dealer or
 * department it names) and its `rejected` events (each ends the rejecting party's era). A dealer sees the events of
 * its own eras, plus what the hotline addressed to every owner while nobody owned the ticket (its creation and the
 * hotline's dealer-visible notes); never another dealer's notes, contacts, follow-ups, reject reasons, clocks or
 * identity. A department sees its own eras and, once it is copied on the ticket, the case from then on (copied
 * departments follow it for their finding), never a former owner's identity. The hotline (agents, supervisors, QA,
 * admins) and careline itself see everything.
 *
 * The rule is pure, so the API's timeline, milestones and every later reader (exports, reports, mails) apply the same
 * one; test/unit/ticket-eras.test.ts pins it down.
 */
import { type Actor, isDealerRole, isHotlineRole } from '../auth/actor';
import { canReadNote } from './ticket-policy';
import type { NoteVisibility, Role } from './ticket-vocabulary';

/** What the rule needs of an event (the row of ticket_events, or a test's literal). */
export interface EraEvent {
  sequence: number;
  type: string;
  actorRole: string | null;
  payload: Record<string, unknown>;
}

/** What the rule needs of an SLA clock. */
export interface EraMilestone {
  clock: string;
  ownerType: string;
  ownerId: string | null;
}

export type Viewer = Pick<Actor, 'kind' | 'role' | 'dealerId' | 'departmentId'>;

export interface Party {
  kind: 'dealer' | 'department';
  id: string;
}

/** Event types the hotline addresses to whoever will own the ticket, shown to every owner even outside its era. */
const ADDRESSED_TO_EVERY_OWNER = new Set(['created']);
/** Events of the OEM's own audit of dealers and departments, never in their timeline. */
const OEM_AUDIT_EVENTS = new Set(['qa_sampled', 'qa_reviewed']);
/** The offer chain of a roadside job names the other providers weighed and asked: the hotline's reading only. */
const ROADSIDE_DISPATCH_EVENTS = new Set(['roadside_offered', 'roadside_offer_accepted', 'roadside_offer_declined', 'roadside_offer_expired', 'roadside_offer_withdrawn', 'roadside_unassigned', 'roadside_assigned']);

/**
 * An article attached to a ticket (`kb_article_linked`) whose audience is the hotline only: dealers and departments
 * read the links to articles meant for them (`everyone`), as they could find those articles themselves.
 */
const isAgentsOnlyArticleLink = (event: EraEvent) => event.type === 'kb_article_linked' && event.payload.audience !== 'everyone';

/** Fields of an event payload that name a former owner. */
const FORMER_OWNER_FIELDS = ['previousDealerId', 'previousDepartmentId'] as const;

const stringOr = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const stringList = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

function partyOf(payload: Record<string, unknown>): Party | null {
  const dealerId = stringOr(payload.dealerId);
  if (dealerId) return { kind: 'dealer', id: dealerId };
  const departmentId = stringOr(payload.departmentId);
  if (departmentId) return { kind: 'department', id: departmentId };
  return null;
}

export interface EventWithEra<E extends EraEvent> {
  event: E;
  /** The party responsible when the event happened (for `dispatched`, the party it made responsible); null: nobody. */
  owner: Party | null;
  /** The departments copied on the ticket when the event happened (after it, for the events that copy them). */
  copied: ReadonlySet<string>;
}

/** Each event with the era it belongs to, in sequence order. */
export function assignEras<E extends EraEvent>(events: readonly E[]): Array<EventWithEra<E>> {
  let owner: Party | null = null;
  let copied = new Set<string>();
  const result: Array<EventWithEra<E>> = [];
  for (const event of [...events].sort((a, b) => a.sequence - b.sequence)) {
    const copies = stringList(event.payload.ccDepartmentIds);
    if (copies.some((id) => !copied.has(id))) copied = new Set([...copied, ...copies]);
    if (event.type === 'dispatched') owner = partyOf(event.payload);
    result.push({ event, owner, copied });
    // The reject is the rejecting party's last act: it belongs to its era, which ends with it.
    if (event.type === 'rejected') owner = null;
  }
  return result;
}

const viewerParty = (viewer: Viewer): Party | null => {
  if (isDealerRole(viewer.role)) return viewer.dealerId ? { kind: 'dealer', id: viewer.dealerId } : null;
  if (viewer.role === 'dept_user') return viewer.departmentId ? { kind: 'department', id: viewer.departmentId } : null;
  return null;
};

/** Sees every event and clock of every ticket it may open: the hotline and careline itself. */
export function seesWholeHistory(viewer: Viewer): boolean {
  return viewer.kind === 'system' || isHotlineRole(viewer.role as Role);
}

const sameParty = (a: Party | null, b: Party | null) => a !== null && b !== null && a.kind === b.kind && a.id === b.id;

/** The last sequence at which the party took the ticket on (a dispatch to it, or being copied), or null. */
function lastArrival(party: Party, eras: ReadonlyArray<EventWithEra<EraEvent>>): number | null {
  let last: number | null = null;
  let wasCopied = false;
  for (const entry of eras) {
    const copiedNow = party.kind === 'department' && entry.copied.has(party.id);
    if ((entry.event.type === 'dispatched' && sameParty(entry.owner, party)) || (copiedNow && !wasCopied)) last = entry.event.sequence;
    wasCopied = copiedNow;
  }
  return last;
}

function inViewersEra(party: Party, entry: EventWithEra<EraEvent>, arrival: number | null): boolean {
  if (sameParty(entry.owner, party)) return true;
  // A copied department follows the case from the moment it is copied, whoever owns it.
  if (party.kind === 'department' && entry.copied.has(party.id)) return true;
  if (entry.owner !== null) return false;
  // Nobody owned the ticket: what the hotline wrote then was addressed to those who took it on later, not to those that
  // had it before. (Note visibility still applies: a dealer reads only the dealer-visible notes.)
  if (arrival === null || entry.event.sequence > arrival) return false;
  if (ADDRESSED_TO_EVERY_OWNER.has(entry.event.type)) return true;
  return entry.event.type === 'note' && entry.event.actorRole !== null && isHotlineRole(entry.event.actorRole as Role);
}

/** The payload as the viewer may read it: former owners other than the viewer are not named. */
function redactPayload(payload: Record<string, unknown>, party: Party): Record<string, unknown> {
  let redacted: Record<string, unknown> | null = null;
  for (const field of FORMER_OWNER_FIELDS) {
    const value = stringOr(payload[field]);
    if (value !== null && value !== party.id) {
      redacted ??= { ...payload };
      redacted[field] = null;
    }
  }
  return redacted ?? payload;
}

/**
 * The events of a ticket the viewer may read, in order, with payloads redacted for it. Also applies note visibility
 * (internal notes are OEM staff's) and keeps copied departments' internal clocks and the hotline's search for a rescue
 * provider (its `rescue_accept` clock) from dealers, and links to agents-only knowledge-base articles from both.
 */
export function visibleEvents<E extends EraEvent>(viewer: Viewer, events: readonly E[]): E[] {
  const readable = (event: E) =>
    (event.type !== 'note' || canReadNote(viewer as Actor, event.payload.visibility as NoteVisibility)) &&
    !(isDealerRole(viewer.role) && (event.payload.clock === 'internal' || event.payload.clock === 'rescue_accept'));
  if (seesWholeHistory(viewer)) return [...events].sort((a, b) => a.sequence - b.sequence).filter(readable);
  const party = viewerParty(viewer);
  if (!party) return [];
  const eras = assignEras(events);
  const arrival = lastArrival(party, eras);
  return eras
    .filter((entry) => inViewersEra(party, entry, arrival))
    .map((entry) => entry.event)
    .filter(readable)
    // Routing's decision weighs other dealers (their distance, load, exclusions): never a dealer's reading.
    .filter((event) => !(party.kind === 'dealer' && event.type === 'routed'))
    // QA's sampling and scorecards are the OEM's audit of the parties: they read their scores in the reports.
    .filter((event) => !OEM_AUDIT_EVENTS.has(event.type))
    .filter((event) => !ROADSIDE_DISPATCH_EVENTS.has(event.type))
    .filter((event) => !isAgentsOnlyArticleLink(event))
    .map((event) => {
      const payload = redactPayload(event.payload, party);
      return payload === event.payload ? event : { ...event, payload };
    });
}

/**
 * The SLA clocks the viewer may read: a dealer its own (never a copied department's internal clock, never a former
 * owner's); a department its own, and every clock while it is copied on the ticket.
 */
export function visibleMilestones<M extends EraMilestone>(viewer: Viewer, milestones: readonly M[], ticket: { ccDepartmentIds: readonly string[] }): M[] {
  if (seesWholeHistory(viewer)) return [...milestones];
  const party = viewerParty(viewer);
  if (!party) return [];
  if (party.kind === 'dealer') {
    return milestones.filter((milestone) => milestone.clock !== 'internal' && milestone.ownerType === 'dealer' && milestone.ownerId === party.id);
  }
  if (ticket.ccDepartmentIds.includes(party.id)) return [...milestones];
  return milestones.filter((milestone) => milestone.ownerType === 'department' && milestone.ownerId === party.id);
}
