import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadUserInput, type MenuItem } from '@ftgo/schema';
import { createRestaurant, type NewRestaurantInput, reviseMenu, validateAddress, validateMenu, validateNewRestaurant } from '../src/domain/index.js';

const address = { street1: '1 Main Street', city: 'Oakland', state: 'CA', zip: '94611' };
const menu: MenuItem[] = [
  { id: 'item1', name: 'Chicken Vindaloo', price: 1299 },
  { id: 'item2', name: 'Chicken Tikka Masala', price: 1499 },
  { id: 'item3', name: 'Garlic Naan', price: 399 },
];
const ajanta: NewRestaurantInput = { name: 'Ajanta', address, menu };

const rejects = (run: () => unknown, message: string) =>
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof BadUserInput, `expected BadUserInput, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });

describe('validateNewRestaurant (DOMAIN §1.4)', () => {
  it('returns the trimmed restaurant', () => {
    const valid = validateNewRestaurant({
      name: '  Ajanta ',
      address: { street1: ' 1 Main Street ', street2: ' Suite 2 ', city: ' Oakland', state: 'CA ', zip: ' 94611 ' },
      menu: [{ id: ' item1 ', name: ' Chicken Vindaloo ', price: 1299 }],
    });
    assert.deepEqual(valid, {
      name: 'Ajanta',
      address: { street1: '1 Main Street', street2: 'Suite 2', city: 'Oakland', state: 'CA', zip: '94611' },
      menu: [{ id: 'item1', name: 'Chicken Vindaloo', price: 1299 }],
    });
  });

  it('refuses a blank name', () => {
    rejects(() => validateNewRestaurant({ ...ajanta, name: '   ' }), 'restaurant name must not be blank');
    rejects(() => validateNewRestaurant({ ...ajanta, name: '' }), 'restaurant name must not be blank');
  });

  it('checks the name before the address and the address before the menu', () => {
    rejects(() => validateNewRestaurant({ name: ' ', address: { ...address, zip: '' }, menu: [] }), 'restaurant name must not be blank');
    rejects(() => validateNewRestaurant({ name: 'Ajanta', address: { ...address, zip: '' }, menu: [] }), 'zip is required');
    rejects(() => validateNewRestaurant({ name: 'Ajanta', address, menu: [] }), 'a menu must have at least one item');
  });
});

describe('validateAddress (DOMAIN §0)', () => {
  for (const field of ['street1', 'city', 'state', 'zip'] as const) {
    it(`requires a non-blank ${field}`, () => {
      rejects(() => validateAddress({ ...address, [field]: ' \t ' }), `${field} is required`);
      rejects(() => validateAddress({ ...address, [field]: '' }), `${field} is required`);
    });
  }

  it('checks street1, city, state, zip in that order', () => {
    rejects(() => validateAddress({ street1: '', city: '', state: '', zip: '' }), 'street1 is required');
    rejects(() => validateAddress({ ...address, city: '', state: '', zip: '' }), 'city is required');
    rejects(() => validateAddress({ ...address, state: '', zip: '' }), 'state is required');
  });

  it('keeps street2 optional: absent or blank becomes null', () => {
    assert.equal(validateAddress(address).street2, null);
    assert.equal(validateAddress({ ...address, street2: null }).street2, null);
    assert.equal(validateAddress({ ...address, street2: '  ' }).street2, null);
    assert.equal(validateAddress({ ...address, street2: ' Apt 4 ' }).street2, 'Apt 4');
  });
});

describe('validateMenu (DOMAIN §1.4)', () => {
  it('returns the trimmed menu in input order', () => {
    assert.deepEqual(
      validateMenu([
        { id: 'b', name: ' Naan ', price: 1 },
        { id: 'a', name: 'Dal', price: 2 },
      ]),
      [
        { id: 'b', name: 'Naan', price: 1 },
        { id: 'a', name: 'Dal', price: 2 },
      ],
    );
  });

  it('refuses an empty menu', () => rejects(() => validateMenu([]), 'a menu must have at least one item'));

  it('refuses a blank menu item id (DOMAIN §0: non-blank)', () =>
    rejects(() => validateMenu([{ id: '  ', name: 'Naan', price: 399 }]), 'menu item id must not be blank'));

  it('refuses duplicate ids, also after trimming', () => {
    rejects(() => validateMenu([menu[0], { ...menu[1], id: 'item1' }]), 'menu item ids must be unique');
    rejects(() => validateMenu([menu[0], { ...menu[1], id: ' item1 ' }]), 'menu item ids must be unique');
  });

  it('refuses a blank item name', () => rejects(() => validateMenu([menu[0], { ...menu[1], name: ' ' }]), 'menu item name must not be blank'));

  it('refuses a price that is not greater than zero', () => {
    rejects(() => validateMenu([{ ...menu[0], price: 0 }]), 'menu item price must be greater than zero');
    rejects(() => validateMenu([{ ...menu[0], price: -1 }]), 'menu item price must be greater than zero');
  });

  it('reports the first failing rule in the spec order, whichever item fails it', () => {
    const badPrice = { id: 'x', name: 'X', price: 0 };
    const badName = { id: 'y', name: '', price: 1 };
    rejects(() => validateMenu([badPrice, badName, { ...menu[0] }, { ...menu[0] }]), 'menu item ids must be unique');
    rejects(() => validateMenu([badPrice, badName]), 'menu item name must not be blank');
    rejects(() => validateMenu([badPrice, { id: '', name: '', price: 0 }]), 'menu item id must not be blank');
  });
});

describe('createRestaurant and reviseMenu', () => {
  const created = createRestaurant('r-1', { ...ajanta, name: ' Ajanta ' }, '2025-01-01T10:00:00.000Z');

  it('creates version 1 and RestaurantCreated with the full state', () => {
    assert.deepEqual(created.restaurant, {
      id: 'r-1',
      name: 'Ajanta',
      address: { ...address, street2: null },
      menu,
      version: 1,
      createdAt: '2025-01-01T10:00:00.000Z',
      updatedAt: '2025-01-01T10:00:00.000Z',
    });
    assert.deepEqual(created.event, {
      type: 'RestaurantCreated',
      data: { restaurantId: 'r-1', name: 'Ajanta', address: { ...address, street2: null }, menu },
    });
  });

  it('refuses an invalid restaurant', () =>
    rejects(() => createRestaurant('r-1', { ...ajanta, menu: [] }, '2025-01-01T10:00:00.000Z'), 'a menu must have at least one item'));

  it('replaces the whole menu, bumps the version and publishes the full state', () => {
    const newMenu = [
      { id: 'item3', name: 'Garlic Naan', price: 449 },
      { id: 'item4', name: ' Dal ', price: 599 },
    ];
    const revised = reviseMenu(created.restaurant, newMenu, '2025-01-02T10:00:00.000Z');
    const expectedMenu = [
      { id: 'item3', name: 'Garlic Naan', price: 449 },
      { id: 'item4', name: 'Dal', price: 599 },
    ];
    assert.deepEqual(revised.restaurant, {
      ...created.restaurant,
      menu: expectedMenu,
      version: 2,
      updatedAt: '2025-01-02T10:00:00.000Z',
    });
    assert.deepEqual(revised.event, {
      type: 'RestaurantMenuRevised',
      data: { restaurantId: 'r-1', name: 'Ajanta', address: { ...address, street2: null }, menu: expectedMenu },
    });
    assert.equal(reviseMenu(revised.restaurant, menu, '2025-01-03T10:00:00.000Z').restaurant.version, 3);
  });

  it('applies the menu rules to a revision', () => {
    rejects(() => reviseMenu(created.restaurant, [], '2025-01-02T10:00:00.000Z'), 'a menu must have at least one item');
    rejects(() => reviseMenu(created.restaurant, [{ id: 'a', name: 'A', price: 0 }], '2025-01-02T10:00:00.000Z'), 'menu item price must be greater than zero');
  });

  it('does not share arrays between the state and the event', () => {
    const { restaurant, event } = createRestaurant('r-2', ajanta, '2025-01-01T10:00:00.000Z');
    assert.notEqual(event.data.menu, restaurant.menu);
    assert.notEqual(event.data.address, restaurant.address);
  });
});
