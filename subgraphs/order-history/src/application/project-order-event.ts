import { Transient } from '@ftgo/schema';
import { applyOrderEvent, type OrderHistoryEvent } from '../domain/index.js';
import type { OrderHistoryEntries } from './ports.js';

export interface ProjectOrderEventInput {
  /** The envelope's aggregate id. */
  orderId: string;
  event: OrderHistoryEvent;
}

/**
 * Folds one Order event into the history by the version rule (DOMAIN §0, §5). Run in the
 * handler's transaction, after its inbox claim. An event ahead of the projection throws
 * Transient: the message is delivered again later, when the missing versions have been applied.
 */
export const projectOrderEvent =
  (deps: { entries: OrderHistoryEntries }) =>
  async ({ orderId, event }: ProjectOrderEventInput): Promise<'APPLIED' | 'IGNORED'> => {
    const entry = await deps.entries.lock(orderId);
    const outcome = applyOrderEvent(entry, entry?.version ?? 0, event);
    switch (outcome.kind) {
      case 'IGNORED':
        return 'IGNORED';
      case 'NOT_YET':
        throw new Transient(`order ${orderId}: event v${event.version} arrived before v${outcome.expectedVersion}`);
      case 'APPLIED':
        if (entry) await deps.entries.update(outcome.entry);
        // Two subscriptions (the live one and a rebuild's replay) may insert the same order at once.
        else if (!(await deps.entries.insert(outcome.entry))) throw new Transient(`order ${orderId}: inserted concurrently`);
        return 'APPLIED';
    }
  };
