/** What the journeys' documents select, typed as API.graphql answers them (JSON: DateTimes are strings). */

export interface Address {
  street1: string;
  street2: string | null;
  city: string;
  state: string;
  zip: string;
}

export interface AddressInput {
  street1: string;
  street2?: string | null;
  city: string;
  state: string;
  zip: string;
}

export interface Consumer {
  id: string;
  name: string;
  addresses: { id: string; address: Address }[];
  account: { id: string; enabled: boolean } | null;
}

export interface Authorization {
  orderId: string;
  amount: number;
  state: 'AUTHORIZED' | 'REVISED' | 'REVERSED';
  at: string;
}

export interface Account {
  id: string;
  enabled: boolean;
  consumer: { id: string; name: string };
  authorizations: Authorization[];
}

export interface MenuItem {
  id: string;
  name: string;
  price: number;
}

export interface Restaurant {
  id: string;
  name: string;
  address: Address;
  menu: MenuItem[];
}

export interface LineItem {
  menuItemId: string;
  name: string;
  price: number;
  quantity: number;
  total: number;
}

export interface SagaProgress {
  sagaId?: string;
  sagaType?: string;
  orderId?: string;
  sequence: number;
  orderSequence: number;
  kind: string;
  step: string | null;
  participant: string | null;
  reason: string | null;
  at?: string;
}

export interface Saga {
  id: string;
  type: 'CREATE_ORDER' | 'CANCEL_ORDER' | 'REVISE_ORDER';
  state: 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'FAILED';
  currentStep: string | null;
  startedAt?: string;
  endedAt: string | null;
  progress: SagaProgress[];
}

export interface Order {
  id: string;
  state: string;
  version: number;
  orderTotal: number;
  deliverAt: string;
  rejectionReason: string | null;
  lineItems: LineItem[];
  deliverTo: Address;
  consumer: { id: string } | null;
  restaurant: { id: string };
  sagas?: Saga[];
}

export interface TicketLineItem {
  menuItemId: string;
  name: string;
  quantity: number;
}

export interface Ticket {
  id: string;
  state: string;
  readyBy: string | null;
  acceptedAt: string | null;
  preparingAt: string | null;
  readyForPickupAt: string | null;
  pickedUpAt: string | null;
  lineItems: TicketLineItem[];
  order: { id: string };
  restaurant: { id: string; name?: string };
}

export interface Delivery {
  id: string;
  status: string;
  readyBy: string | null;
  pickedUpAt: string | null;
  deliveredAt: string | null;
  pickupAddress: Address;
  deliveryAddress: Address;
  order: { id: string; state?: string };
  courier: { id: string; available?: boolean } | null;
}

export interface CourierAction {
  type: 'PICKUP' | 'DROPOFF';
  at: string;
  address: Address;
  delivery: { id: string; status: string };
}

export interface Courier {
  id: string;
  available: boolean;
  plan: CourierAction[];
}

/** `ORDER_EVERYWHERE`: the order with what every other subgraph adds. */
export interface OrderEverywhere extends Omit<Order, 'consumer' | 'restaurant'> {
  consumer: { id: string; name: string; account: { id: string; enabled: boolean; authorizations: Omit<Authorization, 'at'>[] } | null } | null;
  restaurant: { id: string; name: string };
  sagas: Saga[];
  ticket: Ticket | null;
  delivery: Delivery | null;
}

export interface HistoryEntry {
  orderId: string;
  consumerId: string;
  restaurantId: string;
  restaurantName: string;
  state: string;
  orderTotal: number;
  lineItems: LineItem[];
  createdAt: string;
  updatedAt: string;
  order: { id: string; state: string };
}

export interface Connection<N> {
  edges: { cursor: string; node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface HistoryFilter {
  since?: string;
  keywords?: string[];
  states?: string[];
}
