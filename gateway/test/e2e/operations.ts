/** The GraphQL documents of the journeys, written as a client of API.graphql writes them. */

const ADDRESS = 'street1 street2 city state zip';

// ---------------------------------------------------------------- consumer

export const REGISTER_CONSUMER = `mutation RegisterConsumer($name: String!) {
  registerConsumer(input: { name: $name }) { id name addresses { id address { ${ADDRESS} } } }
}`;

export const UPDATE_CONSUMER = `mutation UpdateConsumer($id: ID!, $name: String!) { updateConsumer(id: $id, name: $name) { id name } }`;

export const ADD_ADDRESS = `mutation AddAddress($consumerId: ID!, $addressId: ID!, $address: AddressInput!) {
  addConsumerAddress(consumerId: $consumerId, addressId: $addressId, address: $address) { id name addresses { id address { ${ADDRESS} } } }
}`;

export const UPDATE_ADDRESS = `mutation UpdateAddress($consumerId: ID!, $addressId: ID!, $address: AddressInput!) {
  updateConsumerAddress(consumerId: $consumerId, addressId: $addressId, address: $address) { id addresses { id address { ${ADDRESS} } } }
}`;

export const REMOVE_ADDRESS = `mutation RemoveAddress($consumerId: ID!, $addressId: ID!) {
  removeConsumerAddress(consumerId: $consumerId, addressId: $addressId) { id addresses { id } }
}`;

export const CONSUMER = `query Consumer($id: ID!) {
  consumer(id: $id) { id name addresses { id address { ${ADDRESS} } } account { id enabled } }
}`;

// ---------------------------------------------------------------- accounting

const ACCOUNT_FIELDS = 'id enabled consumer { id name } authorizations { orderId amount state at }';

export const ACCOUNT = `query Account($id: ID!) { account(id: $id) { ${ACCOUNT_FIELDS} } }`;
export const CONSUMER_ACCOUNT = `query ConsumerAccount($id: ID!) { consumer(id: $id) { id account { ${ACCOUNT_FIELDS} } } }`;
export const DISABLE_ACCOUNT = `mutation DisableAccount($id: ID!) { disableAccount(id: $id) { id enabled } }`;
export const ENABLE_ACCOUNT = `mutation EnableAccount($id: ID!) { enableAccount(id: $id) { id enabled } }`;

// ---------------------------------------------------------------- restaurant

const RESTAURANT_FIELDS = `id name address { ${ADDRESS} } menu { id name price }`;

export const CREATE_RESTAURANT = `mutation CreateRestaurant($input: CreateRestaurantInput!) { createRestaurant(input: $input) { ${RESTAURANT_FIELDS} } }`;
export const REVISE_MENU = `mutation ReviseMenu($id: ID!, $menu: [MenuItemInput!]!) { reviseMenu(id: $id, menu: $menu) { ${RESTAURANT_FIELDS} } }`;
export const RESTAURANT = `query Restaurant($id: ID!) { restaurant(id: $id) { ${RESTAURANT_FIELDS} } }`;
export const RESTAURANT_TICKETS = `query RestaurantTickets($id: ID!, $state: TicketState) {
  restaurant(id: $id) { id tickets(state: $state) { id state order { id } } }
}`;
export const RESTAURANTS = `query Restaurants($first: Int, $after: String) {
  restaurants(first: $first, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } }
}`;

// ---------------------------------------------------------------- order

const LINE_ITEMS = 'lineItems { menuItemId name price quantity total }';
const ORDER_FIELDS = `id state version orderTotal deliverAt rejectionReason ${LINE_ITEMS} deliverTo { ${ADDRESS} } consumer { id } restaurant { id }`;

export const CREATE_ORDER = `mutation CreateOrder($input: CreateOrderInput!) { createOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const CANCEL_ORDER = `mutation CancelOrder($id: ID!) { cancelOrder(id: $id) { ${ORDER_FIELDS} } }`;
export const REVISE_ORDER = `mutation ReviseOrder($id: ID!, $lineItems: [MenuItemQuantityInput!]!) { reviseOrder(id: $id, lineItems: $lineItems) { ${ORDER_FIELDS} } }`;

const PROGRESS_FIELDS = 'sagaId sagaType orderId sequence orderSequence kind step participant reason at';
const SAGA_FIELDS = `id type state currentStep startedAt endedAt progress { ${PROGRESS_FIELDS} }`;

export const ORDER = `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS} sagas { ${SAGA_FIELDS} } } }`;
export const SAGA = `query Saga($id: ID!) { saga(id: $id) { ${SAGA_FIELDS} progress { order { id } } } }`;

/** The whole order across the supergraph: every subgraph contributes. */
export const ORDER_EVERYWHERE = `query OrderEverywhere($id: ID!) {
  order(id: $id) {
    ${ORDER_FIELDS}
    consumer { id name account { id enabled authorizations { orderId amount state } } }
    restaurant { id name }
    sagas { id type state currentStep endedAt progress { sequence orderSequence kind step participant reason } }
    ticket { id state readyBy acceptedAt preparingAt readyForPickupAt pickedUpAt lineItems { menuItemId name quantity } order { id } restaurant { id name } }
    delivery {
      id status readyBy pickedUpAt deliveredAt pickupAddress { ${ADDRESS} } deliveryAddress { ${ADDRESS} }
      order { id state } courier { id available }
    }
  }
}`;

// ---------------------------------------------------------------- kitchen

const TICKET_FIELDS =
  'id state readyBy acceptedAt preparingAt readyForPickupAt pickedUpAt lineItems { menuItemId name quantity } order { id } restaurant { id }';

export const TICKET = `query Ticket($id: ID!) { ticket(id: $id) { ${TICKET_FIELDS} } }`;
export const ACCEPT_TICKET = `mutation AcceptTicket($id: ID!, $readyBy: DateTime!) { acceptTicket(id: $id, readyBy: $readyBy) { ${TICKET_FIELDS} } }`;
export const START_PREPARING = `mutation StartPreparing($id: ID!) { startPreparingTicket(id: $id) { ${TICKET_FIELDS} } }`;
export const READY_FOR_PICKUP = `mutation ReadyForPickup($id: ID!) { markTicketReadyForPickup(id: $id) { ${TICKET_FIELDS} } }`;

// ---------------------------------------------------------------- delivery

const DELIVERY_FIELDS = `id status readyBy pickedUpAt deliveredAt pickupAddress { ${ADDRESS} } deliveryAddress { ${ADDRESS} } order { id } courier { id }`;
const COURIER_FIELDS = `id available plan { type at address { ${ADDRESS} } delivery { id status } }`;

export const DELIVERY = `query Delivery($id: ID!) { delivery(id: $id) { ${DELIVERY_FIELDS} } }`;
export const COURIER = `query Courier($id: ID!) { courier(id: $id) { ${COURIER_FIELDS} } }`;
export const SET_COURIER_AVAILABILITY = `mutation SetCourierAvailability($id: ID!, $available: Boolean!) {
  setCourierAvailability(id: $id, available: $available) { ${COURIER_FIELDS} }
}`;
export const PICK_UP = `mutation PickUp($id: ID!) { pickUpDelivery(id: $id) { ${DELIVERY_FIELDS} } }`;
export const DROP_OFF = `mutation DropOff($id: ID!) { dropOffDelivery(id: $id) { ${DELIVERY_FIELDS} } }`;

// ---------------------------------------------------------------- order history

const HISTORY_CONNECTION = `edges { cursor node { orderId consumerId restaurantId restaurantName state orderTotal ${LINE_ITEMS} createdAt updatedAt order { id state } } }
  pageInfo { hasNextPage endCursor }`;

export const ORDER_HISTORY = `query OrderHistory($consumerId: ID!, $filter: OrderHistoryFilter, $first: Int, $after: String) {
  orderHistory(consumerId: $consumerId, filter: $filter, first: $first, after: $after) { ${HISTORY_CONNECTION} }
}`;

export const CONSUMER_ORDERS = `query ConsumerOrders($id: ID!, $filter: OrderHistoryFilter, $first: Int, $after: String) {
  consumer(id: $id) { id orders(filter: $filter, first: $first, after: $after) { ${HISTORY_CONNECTION} } }
}`;
