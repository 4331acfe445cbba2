import { access } from '../../auth/access';
import type { Actor } from '../../auth/actor';
import { maskPhone } from '../../customers/phone';
import { AppError } from '../../errors/app-error';
import { canViewCustomerPhone } from '../../tickets/ticket-policy';
import type { Priority, TicketStatus, TicketType } from '../../tickets/ticket-vocabulary';
import type { Executor } from '../db/client';
import { recordCustomerLookup } from './customer-lookups';
import { customerProfiles, type LookupBy, lookupCustomerIds } from './customer-queries';

type Profile = Awaited<ReturnType<typeof customerProfiles>>[number];

/** Full phone for the hotline that calls, masked for QA who audit without needing to call. */
function viewOf(profile: Profile, fullPhone: boolean) {
  return {
    ...profile.customer,
    phone: fullPhone ? profile.customer.phone : maskPhone(profile.customer.phone),
    vehicles: profile.vehicles,
    tickets: profile.tickets.map((ticket) => ({
      ...ticket,
      type: ticket.type as TicketType,
      status: ticket.status as TicketStatus,
      priority: ticket.priority as Priority,
    })),
  };
}

/** Customers' 360° views as the actor may read them: the hotline only (every customer is the hotline's). */
export async function customerViews(db: Executor, actor: Actor, customerIds: string[]) {
  if (!access.hotline.allows(actor)) throw new AppError('FORBIDDEN');
  const fullPhone = canViewCustomerPhone(actor);
  return (await customerProfiles(db, customerIds)).map((profile) => viewOf(profile, fullPhone));
}

/** One customer's 360° view; NOT_FOUND when there is none. */
export async function findCustomerView(db: Executor, actor: Actor, customerId: string) {
  const [view] = await customerViews(db, actor, [customerId]);
  if (!view) throw new AppError('NOT_FOUND');
  return view;
}

/** Finds callers by phone, VIN or plate; every lookup of personal data is recorded, whatever it found. */
export async function lookUpCustomers(db: Executor, actor: Actor, by: LookupBy) {
  if (!access.hotline.allows(actor)) throw new AppError('FORBIDDEN');
  const ids = await lookupCustomerIds(db, by);
  await recordCustomerLookup(db, { actor, by, customerIds: ids });
  return customerViews(db, actor, ids);
}
