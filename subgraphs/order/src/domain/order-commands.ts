import type { Address, Instant, MenuItem, MenuItemQuantity } from '@ftgo/schema';

/** The restaurant as the order service's replica knows it: enough to name and price line items. */
export interface RestaurantMenu {
  id: string;
  name: string;
  menu: MenuItem[];
}

/**
 * The commands of DOMAIN §1.5, each with `orderId` plus the arguments of the table (§2.3).
 * Ids and the current time come in the data: the decider has no clock.
 */
export type CreateOrder = {
  type: 'CreateOrder';
  data: {
    orderId: string;
    consumerId: string;
    restaurant: RestaurantMenu;
    lineItems: MenuItemQuantity[];
    /** Already resolved by the application, from the inline address or the address book. */
    deliverTo: Address;
    deliverAt: Instant;
    now: Instant;
  };
};
export type ApproveOrder = { type: 'ApproveOrder'; data: { orderId: string; ticketId: string } };
export type RejectOrder = { type: 'RejectOrder'; data: { orderId: string; reason: string } };
export type BeginCancelOrder = { type: 'BeginCancelOrder'; data: { orderId: string } };
export type UndoCancelOrder = { type: 'UndoCancelOrder'; data: { orderId: string } };
export type ConfirmCancelOrder = { type: 'ConfirmCancelOrder'; data: { orderId: string } };
export type BeginReviseOrder = { type: 'BeginReviseOrder'; data: { orderId: string; revisedQuantities: MenuItemQuantity[] } };
export type UndoReviseOrder = { type: 'UndoReviseOrder'; data: { orderId: string } };
export type ConfirmReviseOrder = { type: 'ConfirmReviseOrder'; data: { orderId: string; revisedQuantities: MenuItemQuantity[] } };

export type OrderCommand =
  | CreateOrder
  | ApproveOrder
  | RejectOrder
  | BeginCancelOrder
  | UndoCancelOrder
  | ConfirmCancelOrder
  | BeginReviseOrder
  | UndoReviseOrder
  | ConfirmReviseOrder;

export type OrderCommandType = OrderCommand['type'];
