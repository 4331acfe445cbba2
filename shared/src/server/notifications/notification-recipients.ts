/**
 * Who a notification goes to, in which language, and when they may be disturbed. Addresses come from the party
 * (dealer, department, region contacts, supervisors); a user whose e-mail is that address brings their own language
 * and digest preference, and the party's calendar says when its working hours are.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Locale } from '../../errors/app-error';
import type { EscalationContact } from '../../notifications/notification-settings.schemas';
import type { EscalationRecipient } from '../../sla/escalation';
import type { Executor } from '../db/client';
import { calendars, dealers, departments, regions, slaMilestones, users } from '../db/schema';
import type { TicketRow } from '../tickets/ticket-command';

/** The calendar of the hotline's own people (supervisors, agents): the standard working week. */
export const HOTLINE_CALENDAR_CODE = 'CN-STANDARD';
export const PR_LEGAL_DEPARTMENT_CODE = 'DEPT-PR-LEGAL';

export interface Recipient {
  address: string;
  /** Who the mail greets: the party or the person. */
  name: string;
  locale: Locale;
  nonUrgent: 'immediate' | 'digest';
  /** Working hours of the recipient; null counts as always open. */
  calendarId: string | null;
}

interface Party {
  name: string;
  addresses: string[];
  calendarId: string | null;
  /** The language of an address's mail, when its contact entry names one (by lower-cased address). */
  locales?: Record<string, Locale>;
}

/** The party of a dealer's or region's contacts with one role: their names, addresses and languages. */
function contactsParty(contacts: EscalationContact[], fallbackName: string, calendarId: string | null): Party {
  return {
    name: contacts.map((contact) => contact.name).join('、') || fallbackName,
    addresses: contacts.map((contact) => contact.email),
    calendarId,
    locales: Object.fromEntries(contacts.filter((contact) => contact.locale).map((contact) => [contact.email.trim().toLowerCase(), contact.locale!])),
  };
}

async function dealerParty(db: Executor, dealerId: string, role?: string): Promise<Party | null> {
  const [dealer] = await db.select().from(dealers).where(eq(dealers.id, dealerId));
  if (!dealer) return null;
  if (!role) return { name: dealer.nameZh, addresses: dealer.notificationEmails, calendarId: dealer.calendarId };
  return contactsParty(
    dealer.escalationContacts.filter((contact) => contact.role === role),
    dealer.nameZh,
    dealer.calendarId,
  );
}

async function departmentParty(db: Executor, where: { id?: string; code?: string }): Promise<Party | null> {
  const [department] = await db
    .select()
    .from(departments)
    .where(where.id ? eq(departments.id, where.id) : eq(departments.code, where.code!));
  return department ? { name: department.nameZh, addresses: department.notificationEmails, calendarId: department.calendarId } : null;
}

async function hotlineCalendarId(db: Executor): Promise<string | null> {
  const [calendar] = await db.select({ id: calendars.id }).from(calendars).where(eq(calendars.code, HOTLINE_CALENDAR_CODE));
  return calendar?.id ?? null;
}

/** The party responsible for the ticket now. */
export async function ownerParty(db: Executor, ticket: TicketRow): Promise<Party | null> {
  if (ticket.responsibleDealerId) return dealerParty(db, ticket.responsibleDealerId);
  if (ticket.responsibleDepartmentId) return departmentParty(db, { id: ticket.responsibleDepartmentId });
  return null;
}

/** The owner of one clock (a copied department's internal clock belongs to that department). */
export async function milestoneOwnerParty(db: Executor, ticket: TicketRow, milestoneId: string): Promise<Party | null> {
  const [milestone] = await db.select().from(slaMilestones).where(eq(slaMilestones.id, milestoneId));
  if (milestone?.ownerId && milestone.ownerType === 'dealer') return dealerParty(db, milestone.ownerId);
  if (milestone?.ownerId && milestone.ownerType === 'department') return departmentParty(db, { id: milestone.ownerId });
  return ownerParty(db, ticket);
}

/** The parties an escalation level names, for this ticket. */
export async function escalationParties(db: Executor, ticket: TicketRow, roles: readonly EscalationRecipient[]): Promise<Party[]> {
  const parties: Array<Party | null> = [];
  for (const role of roles) {
    switch (role) {
      case 'owner':
        parties.push(await ownerParty(db, ticket));
        break;
      case 'dealer_service_manager':
        parties.push(ticket.responsibleDealerId ? await dealerParty(db, ticket.responsibleDealerId, 'service_manager') : null);
        break;
      case 'regional_manager': {
        const [region] = ticket.regionId ? await db.select().from(regions).where(eq(regions.id, ticket.regionId)) : [];
        const contacts = region?.escalationContacts.filter((contact) => contact.role === 'regional_manager') ?? [];
        parties.push(region ? contactsParty(contacts, region.nameZh, await hotlineCalendarId(db)) : null);
        break;
      }
      case 'hq_crm_supervisor': {
        const supervisors = await db
          .select({ email: users.email })
          .from(users)
          .where(and(eq(users.role, 'supervisor'), eq(users.active, true), isNotNull(users.email)));
        parties.push({ name: '客服中心值班主管', addresses: supervisors.map((supervisor) => supervisor.email!), calendarId: await hotlineCalendarId(db) });
        break;
      }
      case 'pr_legal':
        parties.push(await departmentParty(db, { code: PR_LEGAL_DEPARTMENT_CODE }));
        break;
      default: {
        const unknown: never = role;
        throw new Error(`unknown escalation recipient ${String(unknown)}`);
      }
    }
  }
  return parties.filter((party): party is Party => party !== null);
}

/** Copied departments and the person who opened the ticket: who hears that it is resolved. */
export async function resolutionParties(db: Executor, ticket: TicketRow): Promise<Party[]> {
  const parties: Party[] = [];
  if (ticket.ccDepartmentIds.length > 0) {
    const copied = await db.select().from(departments).where(inArray(departments.id, ticket.ccDepartmentIds));
    for (const department of copied) parties.push({ name: department.nameZh, addresses: department.notificationEmails, calendarId: department.calendarId });
  }
  if (ticket.createdBy) {
    const [creator] = await db.select().from(users).where(eq(users.id, ticket.createdBy));
    if (creator?.email) parties.push({ name: creator.displayName, addresses: [creator.email], calendarId: await hotlineCalendarId(db) });
  }
  return parties;
}

/**
 * One recipient per distinct address across the parties, with the language and digest preference of the user who
 * owns that address; for an address that is nobody's login, the language its contact entry names (else zh-CN) and
 * immediate mail.
 */
export async function recipientsOf(db: Executor, parties: readonly Party[]): Promise<Recipient[]> {
  const byAddress = new Map<string, Recipient>();
  for (const party of parties) {
    for (const address of party.addresses) {
      const key = address.trim().toLowerCase();
      if (key && !byAddress.has(key)) {
        byAddress.set(key, { address: address.trim(), name: party.name, locale: party.locales?.[key] ?? 'zh-CN', nonUrgent: 'immediate', calendarId: party.calendarId });
      }
    }
  }
  if (byAddress.size === 0) return [];
  const people = await db
    .select({ email: users.email, displayName: users.displayName, locale: users.locale, preferences: users.notificationPreferences })
    .from(users)
    .where(and(inArray(users.email, [...byAddress.values()].map((recipient) => recipient.address)), eq(users.active, true)));
  for (const person of people) {
    const recipient = byAddress.get(person.email!.toLowerCase());
    if (!recipient) continue;
    recipient.locale = person.locale === 'en' ? 'en' : 'zh-CN';
    recipient.nonUrgent = person.preferences?.nonUrgent === 'digest' ? 'digest' : 'immediate';
  }
  return [...byAddress.values()];
}
