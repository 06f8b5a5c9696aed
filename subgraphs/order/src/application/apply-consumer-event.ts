import { Transient } from '@ftgo/schema';
import { type ConsumerReplicaChange, foldConsumerReplica, foldingVerdict } from '../domain/index.js';
import type { Work } from './ports.js';

/**
 * DOMAIN §1.5: the consumer replica folds every Consumer event by the version rule of §0. An event ahead
 * of the replica throws Transient: it stays unacknowledged and comes back after the ones before it.
 */
export function applyConsumerEvent() {
  return async (work: Work, consumerId: string, change: ConsumerReplicaChange, version: number): Promise<void> => {
    const replica = await work.consumers.find(consumerId);
    const last = replica?.version ?? 0;
    switch (foldingVerdict(last, version)) {
      case 'ignore':
        return;
      case 'later':
        throw new Transient(`consumer ${consumerId}: replica at version ${last}, event at version ${version}`);
      case 'apply':
        await work.consumers.save(foldConsumerReplica(replica, consumerId, change, version), last);
    }
  };
}
