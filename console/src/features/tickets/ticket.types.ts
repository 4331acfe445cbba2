import type { ContractResponse, getCustomerContract, listCategoriesContract, listDealersContract, listTicketsContract, previewRoutingContract, ZNamedRef, ZSlaMilestone, ZTicket, ZTicketEvent } from '@careline/shared';
import type { z } from 'zod';

/** The console's names for what the API returns, read off the endpoint contracts (shared/src/contracts). */
export type NamedRef = z.output<typeof ZNamedRef>;
export type Ticket = z.output<typeof ZTicket>;
export type TicketEvent = z.output<typeof ZTicketEvent>;
export type SlaMilestone = z.output<typeof ZSlaMilestone>;
export type MilestoneState = SlaMilestone['state'];
export type TicketPage = ContractResponse<typeof listTicketsContract>;

export type CustomerProfile = ContractResponse<typeof getCustomerContract>['customer'];
export type CustomerVehicle = CustomerProfile['vehicles'][number];
export type Category = ContractResponse<typeof listCategoriesContract>['items'][number];
export type Dealer = ContractResponse<typeof listDealersContract>['items'][number];
/** A routing decision with the names of the dealers and departments it mentions. */
export type NamedRoutingDecision = ContractResponse<typeof previewRoutingContract>['decision'];
