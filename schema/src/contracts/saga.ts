import { event, reply } from '../message.js';
import type { Instant } from './common.js';

/** Saga type tokens (DOMAIN §2); GraphQL spells them CREATE_ORDER, CANCEL_ORDER, REVISE_ORDER. */
export const SAGA_TYPES = ['CreateOrder', 'CancelOrder', 'ReviseOrder'] as const;
export type SagaType = (typeof SAGA_TYPES)[number];

export type SagaProgressKind =
  | 'SAGA_STARTED'
  | 'STEP_STARTED'
  | 'STEP_SUCCEEDED'
  | 'STEP_FAILED'
  | 'COMPENSATION_STARTED'
  | 'COMPENSATION_SUCCEEDED'
  | 'SAGA_COMPLETED'
  | 'SAGA_COMPENSATED'
  | 'SAGA_FAILED';

export type Participant = 'consumer' | 'kitchen' | 'accounting' | 'order';

/** Generic replies; participant-specific ones are declared beside their commands. */
export const Success = reply<Record<string, never>>('saga', 'Success');
export const Failure = reply<{ reason: string }>('saga', 'Failure');

export interface SagaProgress {
  sagaId: string;
  sagaType: SagaType;
  orderId: string;
  sequence: number;
  orderSequence: number;
  kind: SagaProgressKind;
  step: string | null;
  participant: Participant | null;
  reason: string | null;
  at: Instant;
}

/** Published on `ftgo.sagas.progress.<orderId>` (DOMAIN §2.2). */
export const SagaProgressRecorded = event<SagaProgress>('order', 'Saga', 'SagaProgressRecorded');
