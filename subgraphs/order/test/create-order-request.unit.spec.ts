import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Address, BadUserInput, type DomainError, NotFound } from '@ftgo/schema';
import {
  type ConsumerAddressBook,
  type CreateOrderLookups,
  type CreateOrderRequest,
  decide,
  initialState,
  type RestaurantMenu,
  resolveDeliveryAddress,
  toCreateOrder,
  validateOrderRequest,
} from '../src/domain/index.js';

// DOMAIN §6 demo data
const now = '2026-01-01T12:00:00.000Z';
const ajanta: RestaurantMenu = {
  id: 'restaurant-1',
  name: 'Ajanta',
  menu: [
    { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
    { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
    { id: 'item3', name: 'Garlic Naan', price: 399 },
  ],
};
const home: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const work: Address = { street1: '1 Market St.', city: 'San Francisco', state: 'CA', zip: '94105' };
const addressBook: ConsumerAddressBook = {
  consumerId: 'consumer-1',
  addresses: [
    { addressId: 'Work', address: work },
    { addressId: 'Home', address: home },
  ],
};
const request = (input: Partial<CreateOrderRequest> = {}): CreateOrderRequest => ({
  consumerId: 'consumer-1',
  restaurantId: 'restaurant-1',
  lineItems: [
    { menuItemId: 'item1', quantity: 2 },
    { menuItemId: 'item3', quantity: 1 },
  ],
  deliverToAddressId: 'Home',
  ...input,
});
const lookups = (overrides: Partial<CreateOrderLookups> = {}): CreateOrderLookups => ({
  orderId: 'order-1',
  now,
  restaurant: ajanta,
  addressBook,
  ...overrides,
});

const refuses = (run: () => unknown, errorClass: typeof BadUserInput | typeof NotFound, message: string) =>
  assert.throws(run, (error: DomainError) => error instanceof errorClass && error.message === message);

describe('toCreateOrder', () => {
  it('resolves the address-book label, defaults deliverAt to now + 30 min, and decides 2997 (DOMAIN §6)', () => {
    const command = toCreateOrder(request(), lookups());
    assert.deepEqual(command, {
      type: 'CreateOrder',
      data: {
        orderId: 'order-1',
        consumerId: 'consumer-1',
        restaurant: ajanta,
        lineItems: request().lineItems,
        deliverTo: home,
        deliverAt: '2026-01-01T12:30:00.000Z',
        now,
      },
    });
    const [created] = decide(command, initialState());
    assert.equal(created.type, 'OrderCreated');
    assert.equal(created.type === 'OrderCreated' && created.data.orderTotal, 2997);
  });

  it('takes an inline address trimmed, a blank street2 as null, and needs no address book', () => {
    const padded = { street1: ' 1 Market St. ', street2: '  ', city: 'San Francisco ', state: ' CA', zip: '94105' };
    const command = toCreateOrder(request({ deliverToAddressId: null, deliverTo: padded }), lookups({ addressBook: null }));
    assert.deepEqual(command.data.deliverTo, { ...work, street2: null });
  });

  it('keeps an explicit deliverAt', () => {
    const deliverAt = '2026-01-01T18:00:00.000Z';
    assert.equal(toCreateOrder(request({ deliverAt }), lookups()).data.deliverAt, deliverAt);
  });

  describe('checks, in DOMAIN §1.5 order', () => {
    it('no line items', () => refuses(() => toCreateOrder(request({ lineItems: [] }), lookups()), BadUserInput, 'an order must have at least one line item'));

    it('quantity < 1', () =>
      refuses(() => toCreateOrder(request({ lineItems: [{ menuItemId: 'item1', quantity: -2 }] }), lookups()), BadUserInput, 'quantity must be at least 1'));

    it('duplicate menu item before the delivery address', () =>
      refuses(
        () =>
          toCreateOrder(
            request({
              deliverToAddressId: null,
              lineItems: [
                { menuItemId: 'item1', quantity: 1 },
                { menuItemId: 'item1', quantity: 1 },
              ],
            }),
            lookups(),
          ),
        BadUserInput,
        'duplicate menu item in line items',
      ));

    it('neither deliverTo nor deliverToAddressId', () =>
      refuses(
        () => toCreateOrder(request({ deliverToAddressId: null }), lookups()),
        BadUserInput,
        'exactly one of deliverTo and deliverToAddressId is required',
      ));

    it('both deliverTo and deliverToAddressId, before deliverAt', () =>
      refuses(
        () => toCreateOrder(request({ deliverTo: work, deliverAt: '2020-01-01T00:00:00.000Z' }), lookups()),
        BadUserInput,
        'exactly one of deliverTo and deliverToAddressId is required',
      ));

    for (const field of ['street1', 'city', 'state', 'zip'] as const) {
      it(`inline address without ${field} (DOMAIN §0)`, () =>
        refuses(
          () => toCreateOrder(request({ deliverToAddressId: null, deliverTo: { ...work, [field]: '  ' } }), lookups()),
          BadUserInput,
          `${field} is required`,
        ));
    }

    it('the address rules report the first missing field', () =>
      refuses(
        () => toCreateOrder(request({ deliverToAddressId: null, deliverTo: { ...work, city: '', zip: '' } }), lookups()),
        BadUserInput,
        'city is required',
      ));

    it('deliverAt in the past, before the restaurant lookup', () =>
      refuses(
        () => toCreateOrder(request({ deliverAt: '2026-01-01T11:00:00.000Z' }), lookups({ restaurant: null })),
        BadUserInput,
        'deliverAt is in the past',
      ));

    it('restaurant not in the replica, before menu items and consumer', () =>
      refuses(
        () => toCreateOrder(request({ lineItems: [{ menuItemId: 'item9', quantity: 1 }] }), lookups({ restaurant: null, addressBook: null })),
        NotFound,
        'restaurant not found',
      ));

    it('menu item not on the menu, before the consumer', () =>
      refuses(
        () => toCreateOrder(request({ lineItems: [{ menuItemId: 'item9', quantity: 1 }] }), lookups({ addressBook: null })),
        NotFound,
        'item9: menu item not found',
      ));

    it('consumer unknown to the replica', () => refuses(() => toCreateOrder(request(), lookups({ addressBook: null })), NotFound, 'consumer not found'));

    it('address label unknown', () =>
      refuses(() => toCreateOrder(request({ deliverToAddressId: 'Cabin' }), lookups()), NotFound, 'an address with that identifier does not exist'));
  });
});

describe('validateOrderRequest and resolveDeliveryAddress', () => {
  it('returns the effective deliverAt', () => {
    assert.equal(validateOrderRequest(request(), now), '2026-01-01T12:30:00.000Z');
    assert.equal(validateOrderRequest(request({ deliverAt: now }), now), now);
  });

  it('finds a label anywhere in the book', () => {
    assert.deepEqual(resolveDeliveryAddress({ deliverToAddressId: 'Work' }, addressBook), work);
    assert.deepEqual(resolveDeliveryAddress({ deliverToAddressId: 'Home' }, addressBook), home);
  });
});
