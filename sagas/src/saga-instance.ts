import type { Instant, saga } from '@ftgo/schema';

/** DOMAIN §3.1: RUNNING → COMPLETED; RUNNING → COMPENSATING → COMPENSATED or FAILED; RUNNING → FAILED. */
export type SagaState = 'RUNNING' | 'COMPENSATING' | 'COMPLETED' | 'COMPENSATED' | 'FAILED';

export const isSagaEnded = (state: SagaState): boolean => state === 'COMPLETED' || state === 'COMPENSATED' || state === 'FAILED';

/**
 * One row of `ordering.saga_instances` plus the two progress counters the engine numbers rows with.
 * `data` must stay JSON (it is stored as jsonb): use `null`, not `undefined`, for "not yet known".
 */
export interface SagaInstance<D> {
  readonly id: string;
  readonly type: saga.SagaType;
  readonly orderId: string;
  readonly state: SagaState;
  /** The awaited step or compensation name while RUNNING or COMPENSATING; `null` once ended. */
  readonly currentStep: string | null;
  readonly data: D;
  /** 1 after `start`, +1 per transition: the optimistic-concurrency check of `saga_instances`. */
  readonly version: number;
  readonly startedAt: Instant;
  readonly endedAt: Instant | null;
  /** `sequence` of this saga's last progress row (rows are numbered 1, 2, 3 … per saga). */
  readonly lastSequence: number;
  /** `orderSequence` of this saga's last progress row (numbered per order across its sagas). */
  readonly lastOrderSequence: number;
}
