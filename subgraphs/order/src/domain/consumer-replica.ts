import type { Address } from '@ftgo/schema';
import type { ConsumerAddressBook } from './create-order-request.js';

/**
 * The order service's copy of one consumer (DOMAIN §1.5): name and address book in insertion order,
 * an update keeping the position (DOMAIN §1.2), and the last Consumer stream version folded in.
 */
export interface ConsumerReplica extends ConsumerAddressBook {
  name: string;
  addresses: readonly { addressId: string; address: Address }[];
  version: number;
}

/** The Consumer events of DOMAIN §2.2 as the replica sees them; `Other` is a later event type it does not read. */
export type ConsumerReplicaChange =
  | { type: 'ConsumerRegistered'; name: string }
  | { type: 'ConsumerUpdated'; name: string }
  | { type: 'AddressAdded'; addressId: string; address: Address }
  | { type: 'AddressUpdated'; addressId: string; address: Address }
  | { type: 'AddressRemoved'; addressId: string }
  | { type: 'Other' };

/**
 * Folds the event at `version` (the next one, see `foldingVerdict`) into the replica. Events are history:
 * one that does not fit (an update of an absent label) still advances the version, so the fold never stalls.
 */
export function foldConsumerReplica(replica: ConsumerReplica | null, consumerId: string, change: ConsumerReplicaChange, version: number): ConsumerReplica {
  const current: ConsumerReplica = replica ?? { consumerId, name: '', addresses: [], version: 0 };
  const next = { ...current, version };
  switch (change.type) {
    case 'ConsumerRegistered':
    case 'ConsumerUpdated':
      return { ...next, name: change.name };
    case 'AddressAdded':
    case 'AddressUpdated': {
      const entry = { addressId: change.addressId, address: change.address };
      const at = current.addresses.findIndex((a) => a.addressId === change.addressId);
      if (at < 0) return { ...next, addresses: [...current.addresses, entry] };
      return { ...next, addresses: current.addresses.map((a, i) => (i === at ? entry : a)) };
    }
    case 'AddressRemoved':
      return { ...next, addresses: current.addresses.filter((a) => a.addressId !== change.addressId) };
    case 'Other':
      return next;
  }
}
