/** Error texts of DOMAIN §0 and §1.5, verbatim: clients and saga replies rely on them. */
export const ORDER_MESSAGES = {
  orderNotFound: 'order not found',
  orderExists: 'order already exists',
  /** Any command outside the §1.5 table; also the FAILURE reason inside a saga. */
  stateDoesNotAllowAction: 'order state does not allow action',
  // createOrder
  noLineItems: 'an order must have at least one line item',
  quantityBelowOne: 'quantity must be at least 1',
  duplicateMenuItem: 'duplicate menu item in line items',
  deliveryAddressChoice: 'exactly one of deliverTo and deliverToAddressId is required',
  fieldRequired: (field: string) => `${field} is required`,
  deliverAtInPast: 'deliverAt is in the past',
  restaurantNotFound: 'restaurant not found',
  menuItemNotFound: (menuItemId: string) => `${menuItemId}: menu item not found`,
  consumerNotFound: 'consumer not found',
  addressNotFound: 'an address with that identifier does not exist',
  // reviseOrder
  emptyRevision: 'a revision must change at least one line item',
  negativeQuantity: 'quantity must not be negative',
  lineItemNotFound: (menuItemId: string) => `${menuItemId}: line item not found`,
  revisionChangesNothing: 'revision does not change the order',
  belowMinimum: 'order total does not meet the minimum',
  totalTooLarge: 'order total exceeds the maximum',
} as const;
