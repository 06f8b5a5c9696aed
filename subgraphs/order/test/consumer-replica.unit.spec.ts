import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Address } from '@ftgo/schema';
import { type ConsumerReplica, foldConsumerReplica, foldingVerdict, fullStateVerdict } from '../src/domain/index.js';

const home: Address = { street1: '123 Main St.', street2: 'Apt 4', city: 'Oakland', state: 'CA', zip: '94612' };
const work: Address = { street1: '1 Market St.', street2: null, city: 'San Francisco', state: 'CA', zip: '94105' };

describe('replica versions (DOMAIN §0)', () => {
  it('folding: v ≤ last is ignored, last+1 applies, anything further waits', () => {
    assert.equal(foldingVerdict(0, 1), 'apply');
    assert.equal(foldingVerdict(0, 2), 'later');
    assert.equal(foldingVerdict(3, 3), 'ignore');
    assert.equal(foldingVerdict(3, 2), 'ignore');
    assert.equal(foldingVerdict(3, 4), 'apply');
    assert.equal(foldingVerdict(3, 6), 'later');
  });

  it('full state: any newer version applies', () => {
    assert.equal(fullStateVerdict(0, 1), 'apply');
    assert.equal(fullStateVerdict(1, 5), 'apply');
    assert.equal(fullStateVerdict(5, 5), 'ignore');
    assert.equal(fullStateVerdict(5, 2), 'ignore');
  });
});

describe('foldConsumerReplica', () => {
  const registered = foldConsumerReplica(null, 'c1', { type: 'ConsumerRegistered', name: 'Able Anders' }, 1);

  it('registers with an empty address book', () => {
    assert.deepEqual(registered, { consumerId: 'c1', name: 'Able Anders', addresses: [], version: 1 });
  });

  it('keeps insertion order; an update keeps the position; a removal drops the label', () => {
    let replica: ConsumerReplica = foldConsumerReplica(registered, 'c1', { type: 'AddressAdded', addressId: 'Work', address: work }, 2);
    replica = foldConsumerReplica(replica, 'c1', { type: 'AddressAdded', addressId: 'Home', address: home }, 3);
    replica = foldConsumerReplica(replica, 'c1', { type: 'AddressUpdated', addressId: 'Work', address: { ...work, zip: '94106' } }, 4);
    assert.deepEqual(
      replica.addresses.map((a) => [a.addressId, a.address.zip]),
      [
        ['Work', '94106'],
        ['Home', '94612'],
      ],
    );
    replica = foldConsumerReplica(replica, 'c1', { type: 'AddressRemoved', addressId: 'Work' }, 5);
    assert.deepEqual(replica.addresses, [{ addressId: 'Home', address: home }]);
    assert.equal(replica.version, 5);
  });

  it('renames; an event it does not read only advances the version', () => {
    const renamed = foldConsumerReplica(registered, 'c1', { type: 'ConsumerUpdated', name: 'Able B. Anders' }, 2);
    assert.equal(renamed.name, 'Able B. Anders');
    assert.deepEqual(foldConsumerReplica(renamed, 'c1', { type: 'Other' }, 3), { ...renamed, version: 3 });
  });
});
