import type { Instant, saga } from '@ftgo/schema';
import type { LocalOrderCommand, ParticipantCommand } from './saga-command.js';
import type { RemoteParticipant, SagaDefinition, SagaStep } from './saga-definition.js';
import { isSagaEnded, type SagaInstance, type SagaState } from './saga-instance.js';
import { type LocalOutcome, type LocalResult, reasonIn, type SagaReply } from './saga-reply.js';

/**
 * The saga orchestration engine of DOMAIN §3.1 as pure functions: no I/O, no clock (`at` comes in).
 * Each call returns a transition for the host to commit in one transaction: the instance (insert when
 * `expectedVersion` is null, else update where `version = expectedVersion`), the progress rows to append
 * (and publish as SagaProgressRecorded), and the next action.
 */

/** What the host does next: write a participant command to the outbox, run an order command in-process, or nothing. */
export type SagaAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'send'; readonly step: string; readonly participant: RemoteParticipant; readonly command: ParticipantCommand }
  | { readonly kind: 'local'; readonly step: string; readonly command: LocalOrderCommand };

export interface Transition<D> {
  readonly ignored: false;
  /** `null`: insert the instance (a new saga); otherwise the version the stored row must still have. */
  readonly expectedVersion: number | null;
  readonly instance: SagaInstance<D>;
  readonly progress: readonly saga.SagaProgress[];
  readonly action: SagaAction;
}

/** A reply that is not for the awaited step of a live saga: logged and counted, nothing changes (DOMAIN §3.1). */
export interface Ignored {
  readonly ignored: true;
  readonly why: 'other-saga' | 'saga-ended' | 'step-not-awaited';
  readonly detail: string;
}

export interface StartSaga<D> {
  readonly sagaId: string;
  readonly orderId: string;
  readonly data: D;
  readonly at: Instant;
  /** The order's next progress number: 1 + the last `orderSequence` of its earlier sagas (they never overlap). */
  readonly firstOrderSequence: number;
}

/** Records SAGA_STARTED and starts the first step that has a forward command. */
export function start<D>(definition: SagaDefinition<D>, input: StartSaga<D>): Transition<D> {
  if (!Number.isInteger(input.firstOrderSequence) || input.firstOrderSequence < 1) {
    throw new Error(`firstOrderSequence must be a positive integer, got ${input.firstOrderSequence}`);
  }
  const draft = new Draft<D>(
    {
      id: input.sagaId,
      type: definition.type,
      orderId: input.orderId,
      state: 'RUNNING',
      currentStep: null,
      data: input.data,
      version: 0,
      startedAt: input.at,
      endedAt: null,
      lastSequence: 0,
      lastOrderSequence: input.firstOrderSequence - 1,
    },
    input.at,
  );
  draft.record('SAGA_STARTED');
  return draft.transition(null, forward(definition, draft, 0));
}

/** Applies a participant's reply to the awaited remote step or compensation; anything else is ignored. */
export function onReply<D>(definition: SagaDefinition<D>, instance: SagaInstance<D>, reply: SagaReply, at: Instant): Transition<D> | Ignored {
  const awaited = correlate(definition, instance, reply.sagaId, reply.step);
  if ('ignored' in awaited) return awaited;
  if (awaited.step.participant === 'order') return ignore('step-not-awaited', `${reply.step} runs locally and takes no participant reply`);
  const outcome: LocalOutcome =
    reply.outcome === 'SUCCESS' ? { outcome: 'SUCCESS' } : { outcome: 'FAILURE', reason: reply.reason || reasonIn(reply.payload) || reply.type };
  return apply(definition, instance, awaited, outcome, at, (data) => {
    const handler = awaited.phase === 'forward' && awaited.step.participant !== 'order' ? awaited.step.onReply?.[reply.type] : undefined;
    return handler ? handler(data, reply.payload) : data;
  });
}

/** Feeds back the result of the awaited local (order participant) step or compensation. */
export function onLocalResult<D>(definition: SagaDefinition<D>, instance: SagaInstance<D>, result: LocalResult, at: Instant): Transition<D> | Ignored {
  const awaited = correlate(definition, instance, instance.id, result.step);
  if ('ignored' in awaited) return awaited;
  if (awaited.step.participant !== 'order') return ignore('step-not-awaited', `${result.step} awaits a reply from ${awaited.step.participant}`);
  return apply(definition, instance, awaited, result, at, (data) => data);
}

type AwaitedStep<D> = { readonly phase: 'forward' | 'compensation'; readonly index: number; readonly step: SagaStep<D> };

const ignore = (why: Ignored['why'], detail: string): Ignored => ({ ignored: true, why, detail });

function correlate<D>(definition: SagaDefinition<D>, instance: SagaInstance<D>, sagaId: string, step: string): AwaitedStep<D> | Ignored {
  if (instance.type !== definition.type) throw new Error(`saga ${instance.id} is ${instance.type}, not ${definition.type}`);
  if (sagaId !== instance.id) return ignore('other-saga', `reply for saga ${sagaId} offered to saga ${instance.id}`);
  if (isSagaEnded(instance.state)) return ignore('saga-ended', `${step}: saga ${instance.id} is ${instance.state}`);
  if (step !== instance.currentStep) return ignore('step-not-awaited', `${step}: saga ${instance.id} awaits ${instance.currentStep}`);
  const compensating = instance.state === 'COMPENSATING';
  const index = definition.steps.findIndex((s) => (compensating ? s.compensation?.name === step : s.command !== undefined && s.name === step));
  if (index < 0) throw new Error(`saga ${instance.id} (${instance.state}) awaits ${step}, which ${definition.type} does not define`);
  return { phase: compensating ? 'compensation' : 'forward', index, step: definition.steps[index] };
}

/** The reply table of DOMAIN §3.1. */
function apply<D>(
  definition: SagaDefinition<D>,
  instance: SagaInstance<D>,
  { phase, index, step }: AwaitedStep<D>,
  result: LocalOutcome,
  at: Instant,
  update: (data: D) => D,
): Transition<D> {
  const draft = new Draft(instance, at);
  const compensation = step.compensation?.name ?? step.name;
  if (phase === 'forward' && result.outcome === 'SUCCESS') {
    draft.data = update(draft.data);
    draft.record('STEP_SUCCEEDED', step);
    return draft.transition(instance.version, forward(definition, draft, index + 1));
  }
  if (phase === 'forward' && result.outcome === 'FAILURE') {
    const failure = { step: step.name, reason: result.reason };
    draft.data = definition.onStepFailed ? definition.onStepFailed(draft.data, failure) : draft.data;
    draft.record('STEP_FAILED', step, step.name, failure.reason);
    if (step.kind === 'retriable') {
      // Nothing can be undone past the pivot: FAILED, operator-visible.
      draft.record('SAGA_FAILED', step, step.name, failure.reason);
      return draft.transition(instance.version, draft.end('FAILED'));
    }
    draft.state = 'COMPENSATING';
    return draft.transition(instance.version, compensate(definition, draft, index));
  }
  if (result.outcome === 'SUCCESS') {
    draft.record('COMPENSATION_SUCCEEDED', step, compensation);
    return draft.transition(instance.version, compensate(definition, draft, index));
  }
  draft.record('SAGA_FAILED', step, compensation, result.reason);
  return draft.transition(instance.version, draft.end('FAILED'));
}

/** Starts the first forward step at or after `from`, or completes the saga after the last. */
function forward<D>(definition: SagaDefinition<D>, draft: Draft<D>, from: number): SagaAction {
  const step = definition.steps.slice(from).find((s) => s.command !== undefined);
  if (!step) {
    draft.record('SAGA_COMPLETED');
    return draft.end('COMPLETED');
  }
  draft.currentStep = step.name;
  draft.record('STEP_STARTED', step);
  return actionFor(step, step.name, draft.data, 'forward');
}

/** Starts the compensation of the nearest completed step before `below`, or ends COMPENSATED after the last. */
function compensate<D>(definition: SagaDefinition<D>, draft: Draft<D>, below: number): SagaAction {
  const step = definition.steps
    .slice(0, below)
    .reverse()
    .find((s) => s.compensation !== undefined);
  if (!step?.compensation) {
    draft.record('SAGA_COMPENSATED');
    return draft.end('COMPENSATED');
  }
  draft.currentStep = step.compensation.name;
  draft.record('COMPENSATION_STARTED', step, step.compensation.name);
  return actionFor(step, step.compensation.name, draft.data, 'compensation');
}

function actionFor<D>(step: SagaStep<D>, name: string, data: D, phase: 'forward' | 'compensation'): SagaAction {
  if (step.participant === 'order') {
    const build = phase === 'forward' ? step.command : step.compensation?.command;
    return { kind: 'local', step: name, command: build!(data) };
  }
  const build = phase === 'forward' ? step.command : step.compensation?.command;
  const command = build!(data);
  if (command.message.kind !== 'command' || !command.message.type.startsWith(`${step.participant}.`)) {
    throw new Error(`step ${name}: ${command.message.type} is not a command of ${step.participant}`);
  }
  return { kind: 'send', step: name, participant: step.participant, command };
}

/** The mutable working copy of one transition; callers only ever see the frozen result. */
class Draft<D> {
  state: SagaState;
  currentStep: string | null;
  data: D;
  private endedAt: Instant | null;
  private readonly progress: saga.SagaProgress[] = [];
  private lastSequence: number;
  private lastOrderSequence: number;

  constructor(
    private readonly base: SagaInstance<D>,
    private readonly at: Instant,
  ) {
    this.state = base.state;
    this.currentStep = base.currentStep;
    this.data = base.data;
    this.endedAt = base.endedAt;
    this.lastSequence = base.lastSequence;
    this.lastOrderSequence = base.lastOrderSequence;
  }

  /** SAGA_STARTED/COMPLETED/COMPENSATED rows have null step and participant (DOMAIN §0). */
  record(kind: saga.SagaProgressKind, step: SagaStep<D> | null = null, name: string | null = step?.name ?? null, reason: string | null = null): void {
    this.progress.push({
      sagaId: this.base.id,
      sagaType: this.base.type,
      orderId: this.base.orderId,
      sequence: ++this.lastSequence,
      orderSequence: ++this.lastOrderSequence,
      kind,
      step: name,
      participant: step?.participant ?? null,
      reason,
      at: this.at,
    });
  }

  /** COMPLETED, COMPENSATED or FAILED: `endedAt` set, `currentStep` null (DOMAIN §3.1). */
  end(state: SagaState): SagaAction {
    this.state = state;
    this.currentStep = null;
    this.endedAt = this.at;
    return { kind: 'none' };
  }

  transition(expectedVersion: number | null, action: SagaAction): Transition<D> {
    const instance: SagaInstance<D> = {
      ...this.base,
      state: this.state,
      currentStep: this.currentStep,
      data: this.data,
      version: this.base.version + 1,
      endedAt: this.endedAt,
      lastSequence: this.lastSequence,
      lastOrderSequence: this.lastOrderSequence,
    };
    return { ignored: false, expectedVersion, instance, progress: this.progress, action };
  }
}
