import assert from 'node:assert/strict';
import { type ReplyType, saga } from '@ftgo/schema';
import {
  type Ignored,
  type LocalOrderCommand,
  type LocalOutcome,
  onLocalResult,
  onReply,
  runLocalSteps,
  type SagaAction,
  type SagaDefinition,
  type SagaInstance,
  type SagaReply,
  type StartSaga,
  start,
  type Transition,
} from '../src/index.js';

/** A fresh instant per transition, so rows prove which transition wrote them. */
export const clock = () => {
  let tick = 0;
  return () => new Date(Date.UTC(2026, 0, 1, 12, 0, tick++)).toISOString();
};

/** `7 STEP_FAILED authorizeCard (accounting): account disabled`: the notation of DOMAIN §3.5. */
export const row = (p: saga.SagaProgress): string =>
  [`${p.sequence} ${p.kind}`, p.step === null ? '' : ` ${p.step} (${p.participant})`, p.reason === null ? '' : `: ${p.reason}`].join('');

/**
 * Drives one saga through the pure engine the way the host will: each reply or local result is offered
 * to the stored instance, and every transition is checked against the invariants of DOMAIN §3.1 (versions,
 * gap-free sequence and orderSequence, row identity, endedAt/currentStep).
 */
export class SagaScenario<D> {
  instance: SagaInstance<D>;
  readonly progress: saga.SagaProgress[] = [];
  readonly actions: SagaAction[] = [];

  /** `start` as the OrderCreated handler calls it (CreateOrder). */
  static start<D>(definition: SagaDefinition<D>, input: Omit<StartSaga<D>, 'at'>): SagaScenario<D> {
    const now = clock();
    return new SagaScenario(definition, start(definition, { ...input, at: now() }), now);
  }

  /** `start` plus step 0 as the cancelOrder/reviseOrder mutation runs them, in one transaction. */
  static async startByMutation<D>(
    definition: SagaDefinition<D>,
    input: Omit<StartSaga<D>, 'at'>,
    execute: (command: LocalOrderCommand) => Promise<LocalOutcome> = async () => ({ outcome: 'SUCCESS' }),
  ): Promise<SagaScenario<D>> {
    const now = clock();
    const at = now();
    return new SagaScenario(definition, await runLocalSteps(definition, start(definition, { ...input, at }), execute, at), now);
  }

  private constructor(
    readonly definition: SagaDefinition<D>,
    first: Transition<D>,
    private readonly now: () => string,
  ) {
    assert.equal(first.expectedVersion, null, 'a new saga is one insert');
    this.instance = this.take(first);
  }

  get action(): SagaAction {
    return this.actions[this.actions.length - 1];
  }

  get rows(): string[] {
    return this.progress.map(row);
  }

  /** The awaited remote step (or compensation) replies SUCCESS. */
  succeeds<P>(step: string, reply: ReplyType<P> = saga.Success as ReplyType<P>, payload: P = {} as P): this {
    this.expectSend(step);
    return this.apply(onReply(this.definition, this.instance, { sagaId: this.instance.id, step, outcome: 'SUCCESS', type: reply.type, payload }, this.now()));
  }

  /** The awaited remote step (or compensation) replies FAILURE; the reason travels in the payload (DOMAIN §2). */
  fails(step: string, reply: ReplyType<{ reason: string }>, reason: string): this {
    this.expectSend(step);
    return this.apply(
      onReply(this.definition, this.instance, { sagaId: this.instance.id, step, outcome: 'FAILURE', type: reply.type, payload: { reason } }, this.now()),
    );
  }

  localSucceeds(step: string): this {
    this.expectLocal(step);
    return this.apply(onLocalResult(this.definition, this.instance, { step, outcome: 'SUCCESS' }, this.now()));
  }

  localFails(step: string, reason: string): this {
    this.expectLocal(step);
    return this.apply(onLocalResult(this.definition, this.instance, { step, outcome: 'FAILURE', reason }, this.now()));
  }

  /** Offers a raw reply; it must be ignored and change nothing. */
  ignores(reply: Partial<SagaReply>, why: Ignored['why']): Ignored {
    const full: SagaReply = { sagaId: this.instance.id, step: 'none', outcome: 'SUCCESS', type: saga.Success.type, payload: {}, ...reply };
    const result = onReply(this.definition, this.instance, full, this.now());
    assert.equal(result.ignored, true, `expected ${JSON.stringify(full)} to be ignored`);
    assert.equal((result as Ignored).why, why, (result as Ignored).detail);
    return result as Ignored;
  }

  private expectSend(step: string): void {
    assert.deepEqual({ kind: this.action.kind, step: 'step' in this.action ? this.action.step : null }, { kind: 'send', step });
  }

  private expectLocal(step: string): void {
    assert.deepEqual({ kind: this.action.kind, step: 'step' in this.action ? this.action.step : null }, { kind: 'local', step });
  }

  private apply(result: Transition<D> | Ignored): this {
    assert.equal(result.ignored, false, result.ignored ? result.detail : '');
    const transition = result as Transition<D>;
    assert.equal(transition.expectedVersion, this.instance.version, 'optimistic check against the loaded version');
    assert.equal(transition.instance.version, this.instance.version + 1, 'one version per transition');
    this.instance = this.take(transition);
    return this;
  }

  private take(transition: Transition<D>): SagaInstance<D> {
    const { instance, progress, action } = transition;
    const previous = this.progress[this.progress.length - 1];
    assert.ok(progress.length > 0, 'every transition records progress');
    progress.forEach((p, i) => {
      const sequence = (previous?.sequence ?? 0) + i + 1;
      const orderSequence = previous ? previous.orderSequence + i + 1 : progress[0].orderSequence + i;
      assert.deepEqual(
        { sagaId: p.sagaId, sagaType: p.sagaType, orderId: p.orderId, sequence: p.sequence, orderSequence: p.orderSequence },
        { sagaId: instance.id, sagaType: this.definition.type, orderId: instance.orderId, sequence, orderSequence },
      );
      assert.equal(p.at, progress[0].at, 'one instant per transition');
    });
    const last = progress[progress.length - 1];
    assert.deepEqual(
      { lastSequence: instance.lastSequence, lastOrderSequence: instance.lastOrderSequence },
      { lastSequence: last.sequence, lastOrderSequence: last.orderSequence },
    );
    const ended = instance.state === 'COMPLETED' || instance.state === 'COMPENSATED' || instance.state === 'FAILED';
    assert.equal(instance.endedAt, ended ? last.at : null);
    assert.equal(instance.currentStep, ended ? null : 'step' in action ? action.step : undefined);
    assert.equal(action.kind === 'none', ended);
    this.progress.push(...progress);
    this.actions.push(action);
    return instance;
  }
}
