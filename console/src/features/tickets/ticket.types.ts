import type { Channel, LifecycleStage, Priority, Role, RoutingDecision, TicketAbilities, TicketStatus, TicketType } from '@careline/shared';

/** A dealer, department or category as the API names it, in both languages. */
export interface NamedRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

export type MilestoneState = 'running' | 'warning' | 'breached' | 'paused' | 'met' | 'cancelled';

export interface SlaMilestone {
  id: string;
  clock: 'acknowledge' | 'first_contact' | 'resolve' | 'internal';
  ownerType: 'dealer' | 'department';
  ownerId: string;
  startedAt: string;
  dueAt: string;
  warnAt: string | null;
  metAt: string | null;
  cancelledAt: string | null;
  pausedSeconds: number;
  state: MilestoneState;
}

export interface TicketSla {
  policyId: string | null;
  /** The worst of the open clocks as the workers recorded it. */
  state: 'ok' | 'warning' | 'breached';
  acknowledgeDueAt: string | null;
  firstContactDueAt: string | null;
  resolveDueAt: string | null;
  pausedAt: string | null;
  pausedSeconds: number;
  breachedClocks: string[];
  escalationLevel: number;
  /** Only on `GET /api/tickets/:id`. */
  milestones?: SlaMilestone[];
}

/** A routing decision with the names of the dealers and departments it mentions (`presentDecision`). */
export type NamedRoutingDecision = RoutingDecision & { names?: { dealers: NamedRef[]; departments: NamedRef[] } };

/** A ticket as `api/src/tickets/ticket.presenter.ts` presents it. */
export interface Ticket {
  id: string;
  number: string;
  type: TicketType;
  channel: Channel;
  status: TicketStatus;
  priority: Priority;
  subject: string;
  description: string;
  contactName: string;
  contactPhone: string;
  location: { address: string; lat?: number; lng?: number } | null;
  details: Record<string, unknown>;
  category: (NamedRef & { path: string }) | null;
  customer: { id: string; name: string; phone: string; kind: string; city: string | null } | null;
  vehicle: { id: string; vin: string; model: string; plate: string | null } | null;
  responsibleDealer: NamedRef | null;
  responsibleDepartment: NamedRef | null;
  ccDepartments: NamedRef[];
  regionId: string | null;
  excludedDealerIds: string[];
  routing: { ruleSetVersion: number | null; decision: RoutingDecision | null };
  sla: TicketSla;
  dispatchedAt: string | null;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  cancelledAt: string | null;
  rerouteCount: number;
  reopenCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
  abilities: TicketAbilities;
}

export interface TicketEvent {
  id: string;
  sequence: number;
  type: string;
  actor: { id: string; role: Role | string; name: string };
  occurredAt: string;
  payload: Record<string, unknown>;
  hash: string;
}

export interface TicketPage {
  items: Ticket[];
  nextCursor: string | null;
}

export interface CustomerVehicle {
  id: string;
  vin: string;
  plate: string | null;
  model: string;
  powertrain?: string;
  purchaseDate: string | null;
  warrantyEnd: string | null;
  batteryWarrantyEnd?: string | null;
  mileageKm: number | null;
  sellingDealer: NamedRef | null;
  servicingDealer: NamedRef | null;
  inWarranty: boolean | null;
  lifecycleStage: LifecycleStage | null;
}

export interface CustomerTicketSummary {
  id: string;
  number: string;
  type: TicketType;
  status: TicketStatus;
  priority: Priority;
  subject: string;
  vehicleId: string | null;
  createdAt: string;
}

export interface CustomerProfile {
  id: string;
  kind: 'person' | 'company';
  name: string;
  phone: string;
  email: string | null;
  province: string | null;
  city: string | null;
  vehicles: CustomerVehicle[];
  tickets: CustomerTicketSummary[];
}

export interface Category {
  id: string;
  code: string;
  parentId: string | null;
  path: string;
  ticketType: TicketType;
  nameZh: string;
  nameEn: string;
  defaultPriority: Priority | null;
  ccDepartmentIds: string[];
  position: number;
  active: boolean;
}

export interface Dealer extends NamedRef {
  regionId: string;
  province: string;
  city: string;
  address: string;
  capabilities: string[];
  active: boolean;
}
