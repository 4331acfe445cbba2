/**
 * Escalation chains: who hears about a missed deadline, and when. Pure: a policy carries its chain as data, the
 * server resolves the recipient roles to addresses and schedules the levels.
 */
import type { Priority, TicketType } from '../tickets/ticket-vocabulary';

/** Roles a level can reach; the server turns each into addresses for the ticket at hand. */
export const ESCALATION_RECIPIENTS = [
  /** The party responsible for the ticket (dealer or department notification addresses). */
  'owner',
  /** The responsible dealer's service manager (`escalationContacts` role `service_manager`). */
  'dealer_service_manager',
  /** The ticket region's manager (region `escalationContacts` role `regional_manager`). */
  'regional_manager',
  /** The hotline's supervisors (HQ CRM): every active supervisor with an address. */
  'hq_crm_supervisor',
  /** The PR & legal department (DEPT-PR-LEGAL). */
  'pr_legal',
] as const;
export type EscalationRecipient = (typeof ESCALATION_RECIPIENTS)[number];

export const ESCALATION_CHANNELS = ['mail', 'live'] as const;
export type EscalationChannel = (typeof ESCALATION_CHANNELS)[number];

export interface EscalationLevel {
  level: number;
  /** Business minutes after the breach (on the clock's calendar); 0 escalates at the breach itself. */
  afterMinutes: number;
  recipients: EscalationRecipient[];
  channels: EscalationChannel[];
}

/** Problems with a chain, each naming its level; empty when it is usable. */
export function validateEscalationChain(chain: readonly EscalationLevel[]): string[] {
  const problems: string[] = [];
  chain.forEach((level, index) => {
    if (level.level !== index + 1) problems.push(`level ${index + 1}: levels must be numbered 1, 2, 3… in order (found ${level.level})`);
    if (index > 0 && level.afterMinutes <= chain[index - 1].afterMinutes) problems.push(`level ${level.level}: must come later than level ${chain[index - 1].level}`);
    if (level.recipients.length === 0) problems.push(`level ${level.level}: names no recipient`);
    if (level.channels.length === 0) problems.push(`level ${level.level}: names no channel`);
  });
  return problems;
}

/** The level that follows `reached` (0 = none yet), or null at the end of the chain. */
export function nextEscalationLevel(chain: readonly EscalationLevel[], reached: number): EscalationLevel | null {
  return chain.find((level) => level.level === reached + 1) ?? null;
}

/**
 * Urgent tickets reach people at once, day or night; everything else waits for the recipient's working hours
 * (quiet hours) and may be bundled into a digest.
 */
export function isUrgentTicket(ticket: { type: TicketType | string; priority: Priority | string }): boolean {
  return ticket.type === 'roadside' || ticket.priority === 'P1';
}

/** The chains the demo and a fresh installation start with. */
export const DEFAULT_ESCALATION_CHAINS: Record<'standard' | 'urgent' | 'roadside', EscalationLevel[]> = {
  standard: [
    { level: 1, afterMinutes: 0, recipients: ['dealer_service_manager'], channels: ['mail', 'live'] },
    { level: 2, afterMinutes: 240, recipients: ['regional_manager'], channels: ['mail', 'live'] },
    { level: 3, afterMinutes: 570, recipients: ['hq_crm_supervisor'], channels: ['mail', 'live'] },
  ],
  urgent: [
    { level: 1, afterMinutes: 0, recipients: ['dealer_service_manager', 'hq_crm_supervisor'], channels: ['mail', 'live'] },
    { level: 2, afterMinutes: 30, recipients: ['regional_manager', 'pr_legal'], channels: ['mail', 'live'] },
    { level: 3, afterMinutes: 120, recipients: ['hq_crm_supervisor', 'pr_legal'], channels: ['mail', 'live'] },
  ],
  roadside: [
    { level: 1, afterMinutes: 0, recipients: ['dealer_service_manager', 'hq_crm_supervisor'], channels: ['mail', 'live'] },
    { level: 2, afterMinutes: 20, recipients: ['regional_manager'], channels: ['mail', 'live'] },
  ],
};
