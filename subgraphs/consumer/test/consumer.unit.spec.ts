import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpec } from '@ftgo/infra/testing';
import { type Address, BadUserInput, Conflict, NotFound } from '@ftgo/schema';
import {
  type AddressInput,
  type ConsumerCommand,
  type ConsumerEvent,
  consumerDecider,
  initialState,
  requireAddress,
  requireConsumer,
  validateAddress,
  validateOrderByConsumer,
} from '../src/domain/index.js';

const given = deciderSpec(consumerDecider);
const consumerId = '6f1c7c1e-8f7e-4c55-9d0e-1f2a3b4c5d6e';

const home: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const work: Address = { street1: '1 Market St.', street2: null, city: 'San Francisco', state: 'CA', zip: '94105' };
const gym: Address = { street1: '9 Gym Rd.', street2: null, city: 'Berkeley', state: 'CA', zip: '94704' };

const registered: ConsumerEvent = { type: 'ConsumerRegistered', data: { consumerId, name: 'Able Anders' } };
const added = (addressId: string, address: Address = home): ConsumerEvent => ({ type: 'AddressAdded', data: { consumerId, addressId, address } });
const removed = (addressId: string): ConsumerEvent => ({ type: 'AddressRemoved', data: { consumerId, addressId } });

const register = (name: string): ConsumerCommand => ({ type: 'RegisterConsumer', data: { consumerId, name } });
const update = (name: string): ConsumerCommand => ({ type: 'UpdateConsumer', data: { consumerId, name } });
const addAddress = (addressId: string, address: AddressInput = home): ConsumerCommand => ({
  type: 'AddConsumerAddress',
  data: { consumerId, addressId, address },
});
const updateAddress = (addressId: string, address: AddressInput = work): ConsumerCommand => ({
  type: 'UpdateConsumerAddress',
  data: { consumerId, addressId, address },
});
const removeAddress = (addressId: string): ConsumerCommand => ({ type: 'RemoveConsumerAddress', data: { consumerId, addressId } });

const labels = (state: ReturnType<typeof initialState>) => requireConsumer(state).addresses.map((entry) => entry.addressId);

describe('RegisterConsumer', () => {
  it('registers a consumer with the trimmed name', () => given([]).when(register('  Able Anders \t')).then([registered]));

  it('starts with no addresses', () =>
    given([])
      .when(register('Able Anders'))
      .thenState((state) => assert.deepEqual(state, { status: 'REGISTERED', consumerId, name: 'Able Anders', addresses: [] })));

  for (const name of ['', '   ', '\n\t']) {
    it(`refuses the blank name ${JSON.stringify(name)}`, () =>
      given([]).when(register(name)).thenThrows(BadUserInput, 'cannot register a consumer without a name'));
  }

  it('refuses a reused consumer id', () => given([registered]).when(register('Other')).thenThrows(Conflict, 'consumer already exists'));

  it('checks the name before the id (BAD_USER_INPUT before CONFLICT)', () =>
    given([registered]).when(register(' ')).thenThrows(BadUserInput, 'cannot register a consumer without a name'));
});

describe('UpdateConsumer', () => {
  it('renames with the trimmed name', () =>
    given([registered])
      .when(update(' Baker Brown '))
      .then([{ type: 'ConsumerUpdated', data: { consumerId, name: 'Baker Brown' } }]));

  it('keeps the addresses when renaming', () =>
    given([registered, added('Home')])
      .when(update('Baker Brown'))
      .thenState((state) => {
        assert.equal(requireConsumer(state).name, 'Baker Brown');
        assert.deepEqual(labels(state), ['Home']);
      }));

  it('refuses a blank name', () => given([registered]).when(update('  ')).thenThrows(BadUserInput, 'consumer name must not be blank'));

  it('refuses an unknown consumer', () => given([]).when(update('Baker')).thenThrows(NotFound, 'consumer not found'));

  it('answers NOT_FOUND before the blank name for an unknown consumer', () => given([]).when(update(' ')).thenThrows(NotFound, 'consumer not found'));
});

describe('AddConsumerAddress', () => {
  it('adds a trimmed address under the label', () =>
    given([registered])
      .when(addAddress('Home', { street1: ' 123 Main St. ', street2: ' Apt 4 ', city: 'Oakland ', state: ' CA', zip: '94612 ' }))
      .then([added('Home')]));

  it('stores a missing or blank street2 as null', () => {
    const { street2: _omitted, ...withoutStreet2 } = home;
    given([registered])
      .when(addAddress('Home', withoutStreet2))
      .then([added('Home', { ...home, street2: null })]);
    given([registered])
      .when(addAddress('Home', { ...home, street2: '   ' }))
      .then([added('Home', { ...home, street2: null })]);
  });

  it('keeps the label verbatim', () =>
    given([registered])
      .when(addAddress('My Home'))
      .then([added('My Home')]));

  it('refuses a blank label', () => given([registered]).when(addAddress('  ')).thenThrows(BadUserInput, 'address id must not be blank'));

  for (const field of ['street1', 'city', 'state', 'zip'] as const) {
    it(`requires ${field}`, () => {
      given([registered])
        .when(addAddress('Home', { ...home, [field]: ' ' }))
        .thenThrows(BadUserInput, `${field} is required`);
      given([registered])
        .when(addAddress('Home', { ...home, [field]: '' }))
        .thenThrows(BadUserInput, `${field} is required`);
      const { [field]: _missing, ...rest } = home;
      given([registered]).when(addAddress('Home', rest)).thenThrows(BadUserInput, `${field} is required`);
    });
  }

  it('reports the first missing field in the order street1, city, state, zip', () => {
    given([registered])
      .when(addAddress('Home', { street1: '', city: '', state: '', zip: '' }))
      .thenThrows(BadUserInput, 'street1 is required');
    given([registered])
      .when(addAddress('Home', { ...home, city: '', zip: '' }))
      .thenThrows(BadUserInput, 'city is required');
    given([registered])
      .when(addAddress('Home', { ...home, state: '', zip: '' }))
      .thenThrows(BadUserInput, 'state is required');
  });

  it('checks the label before the address fields', () =>
    given([registered])
      .when(addAddress('', { ...home, street1: '' }))
      .thenThrows(BadUserInput, 'address id must not be blank'));

  it('refuses an unknown consumer', () => given([]).when(addAddress('Home')).thenThrows(NotFound, 'consumer not found'));

  it('answers NOT_FOUND for an unknown consumer before a blank label or bad address', () => {
    given([]).when(addAddress(' ')).thenThrows(NotFound, 'consumer not found');
    given([])
      .when(addAddress('Home', { ...home, zip: '' }))
      .thenThrows(NotFound, 'consumer not found');
  });

  it('refuses a label already taken', () =>
    given([registered, added('Home')])
      .when(addAddress('Home', work))
      .thenThrows(Conflict, 'address with that identifier already exists'));

  it('checks the address fields before the label conflict (BAD_USER_INPUT before CONFLICT)', () =>
    given([registered, added('Home')])
      .when(addAddress('Home', { ...work, city: ' ' }))
      .thenThrows(BadUserInput, 'city is required'));

  it('treats labels case-sensitively', () =>
    given([registered, added('Home')])
      .when(addAddress('home'))
      .then([added('home')]));

  it('accepts a label again once removed', () =>
    given([registered, added('Home'), removed('Home')])
      .when(addAddress('Home', work))
      .then([added('Home', work)]));

  it('keeps insertion order', () =>
    given([registered, added('Home'), added('Work', work)])
      .when(addAddress('Gym', gym))
      .thenState((state) => {
        assert.deepEqual(labels(state), ['Home', 'Work', 'Gym']);
        assert.deepEqual(requireAddress(requireConsumer(state), 'Gym'), gym);
      }));
});

describe('UpdateConsumerAddress', () => {
  it('replaces the address under the label, trimmed', () =>
    given([registered, added('Home')])
      .when(updateAddress('Home', { ...work, street1: ' 1 Market St. ' }))
      .then([{ type: 'AddressUpdated', data: { consumerId, addressId: 'Home', address: work } }]));

  it('keeps the position of the updated address', () =>
    given([registered, added('Home'), added('Work', work), added('Gym', gym)])
      .when(updateAddress('Work', home))
      .thenState((state) => {
        const consumer = requireConsumer(state);
        assert.deepEqual(labels(state), ['Home', 'Work', 'Gym']);
        assert.deepEqual(requireAddress(consumer, 'Work'), home);
        assert.deepEqual(requireAddress(consumer, 'Gym'), gym);
      }));

  it('refuses an unknown consumer', () => given([]).when(updateAddress('Home')).thenThrows(NotFound, 'consumer not found'));

  it('refuses an absent label', () =>
    given([registered, added('Home')])
      .when(updateAddress('Work'))
      .thenThrows(NotFound, 'an address with that identifier does not exist'));

  it('refuses a removed label', () =>
    given([registered, added('Home'), removed('Home')])
      .when(updateAddress('Home'))
      .thenThrows(NotFound, 'an address with that identifier does not exist'));

  it('answers NOT_FOUND for an absent label before a bad address', () =>
    given([registered])
      .when(updateAddress('Home', { ...work, zip: '' }))
      .thenThrows(NotFound, 'an address with that identifier does not exist'));

  it('applies the address rules', () =>
    given([registered, added('Home')])
      .when(updateAddress('Home', { ...work, state: '  ' }))
      .thenThrows(BadUserInput, 'state is required'));
});

describe('RemoveConsumerAddress', () => {
  it('removes the address', () =>
    given([registered, added('Home')])
      .when(removeAddress('Home'))
      .then([removed('Home')]));

  it('keeps the order of the others', () =>
    given([registered, added('Home'), added('Work', work), added('Gym', gym)])
      .when(removeAddress('Work'))
      .thenState((state) => assert.deepEqual(labels(state), ['Home', 'Gym'])));

  it('refuses an unknown consumer', () => given([]).when(removeAddress('Home')).thenThrows(NotFound, 'consumer not found'));

  it('refuses an absent label', () =>
    given([registered, added('Home')])
      .when(removeAddress('Work'))
      .thenThrows(NotFound, 'an address with that identifier does not exist'));

  it('refuses to remove twice', () =>
    given([registered, added('Home'), removed('Home')])
      .when(removeAddress('Home'))
      .thenThrows(NotFound, 'an address with that identifier does not exist'));
});

describe('ValidateOrderByConsumer', () => {
  it('accepts a registered consumer', () => {
    const state = [registered].reduce(consumerDecider.evolve, initialState());
    assert.doesNotThrow(() => validateOrderByConsumer(state));
  });

  it('refuses an unknown consumer', () => {
    assert.throws(
      () => validateOrderByConsumer(initialState()),
      (error: unknown) => error instanceof NotFound && error.message === 'consumer not found' && error.code === 'NOT_FOUND',
    );
  });
});

describe('lookups', () => {
  const state = [registered, added('Home')].reduce(consumerDecider.evolve, initialState());

  it('finds an address by label', () => assert.deepEqual(requireAddress(requireConsumer(state), 'Home'), home));

  it('answers NOT_FOUND for an unknown label', () =>
    assert.throws(() => requireAddress(requireConsumer(state), 'Work'), new NotFound('an address with that identifier does not exist')));

  it('answers NOT_FOUND for an unknown consumer', () => assert.throws(() => requireConsumer(initialState()), new NotFound('consumer not found')));

  it('ignores events of a stream that was never registered', () =>
    assert.deepEqual([added('Home'), removed('Home')].reduce(consumerDecider.evolve, initialState()), { status: 'NEW' }));
});

describe('validateAddress', () => {
  it('returns a trimmed copy', () => {
    const input = { street1: ' a ', street2: ' b ', city: ' c ', state: ' d ', zip: ' e ' };
    assert.deepEqual(validateAddress(input), { street1: 'a', street2: 'b', city: 'c', state: 'd', zip: 'e' });
    assert.equal(input.street1, ' a ');
  });

  it('refuses a missing address', () => {
    assert.throws(() => validateAddress(undefined), new BadUserInput('street1 is required'));
    assert.throws(() => validateAddress(null), new BadUserInput('street1 is required'));
  });

  it('refuses null fields', () => assert.throws(() => validateAddress({ ...home, zip: null }), new BadUserInput('zip is required')));
});
