import type { SagaInstance, SagaState } from '@ftgo/sagas';
import type { Instant, saga } from '@ftgo/schema';

/** GraphQL spells the saga type tokens CREATE_ORDER, CANCEL_ORDER, REVISE_ORDER (DOMAIN §2). */
export type SagaTypeView = 'CREATE_ORDER' | 'CANCEL_ORDER' | 'REVISE_ORDER';

const SAGA_TYPE_VIEWS: Record<saga.SagaType, SagaTypeView> = {
  CreateOrder: 'CREATE_ORDER',
  CancelOrder: 'CANCEL_ORDER',
  ReviseOrder: 'REVISE_ORDER',
};

export const sagaTypeView = (type: saga.SagaType): SagaTypeView => SAGA_TYPE_VIEWS[type];

/** API `Saga` without its progress (`sagaProgress(sagaId)`). */
export interface SagaView {
  id: string;
  type: SagaTypeView;
  state: SagaState;
  currentStep: string | null;
  startedAt: Instant;
  endedAt: Instant | null;
  orderId: string;
}

/** API `SagaProgress` without `order` (resolved through the supergraph). */
export interface SagaProgressView {
  sagaId: string;
  sagaType: SagaTypeView;
  orderId: string;
  sequence: number;
  orderSequence: number;
  kind: saga.SagaProgressKind;
  step: string | null;
  participant: saga.Participant | null;
  reason: string | null;
  at: Instant;
}

export const toSagaView = (instance: SagaInstance<unknown>): SagaView => ({
  id: instance.id,
  type: sagaTypeView(instance.type),
  state: instance.state,
  currentStep: instance.currentStep,
  startedAt: instance.startedAt,
  endedAt: instance.endedAt,
  orderId: instance.orderId,
});

/** For stored rows and for live `order.SagaProgressRecorded` payloads alike, so both read the same. */
export const toSagaProgressView = (row: saga.SagaProgress): SagaProgressView => ({
  sagaId: row.sagaId,
  sagaType: sagaTypeView(row.sagaType),
  orderId: row.orderId,
  sequence: row.sequence,
  orderSequence: row.orderSequence,
  kind: row.kind,
  step: row.step,
  participant: row.participant,
  reason: row.reason,
  at: row.at,
});
