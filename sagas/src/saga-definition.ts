import type { ReplyType, saga } from '@ftgo/schema';
import type { LocalOrderCommand, ParticipantCommand } from './saga-command.js';

/** DOMAIN §3.1: compensatable steps come before the pivot, retriable steps after it. */
export type StepKind = 'compensatable' | 'pivot' | 'retriable';

export type RemoteParticipant = Exclude<saga.Participant, 'order'>;

/** Updates saga data from a SUCCESS reply's payload, keyed by the reply's `type`. */
export type ReplyHandler<D> = (data: D, payload: unknown) => D;
export type ReplyHandlers<D> = Readonly<Record<string, ReplyHandler<D>>>;

/** `on(kitchen.CreateTicketReply, (d, r) => ({ ...d, ticketId: r.ticketId }))`: a typed `onReply` entry. */
export const on = <D, P>(reply: ReplyType<P>, handler: (data: D, payload: P) => D): ReplyHandlers<D> => ({
  [reply.type]: handler as ReplyHandler<D>,
});

interface StepCommon {
  /** The step name of DOMAIN §3, carried by the command and its reply for correlation. */
  readonly name: string;
  readonly kind: StepKind;
}

/** A step run by consumer, kitchen or accounting: a command through the outbox, a reply on the saga's subject. */
export interface RemoteStep<D> extends StepCommon {
  readonly participant: RemoteParticipant;
  readonly command?: (data: D) => ParticipantCommand;
  readonly onReply?: ReplyHandlers<D>;
  readonly compensation?: { readonly name: string; readonly command: (data: D) => ParticipantCommand };
}

/** A step of the order participant: run in-process, its result fed back with `onLocalResult` (DOMAIN §2.1). */
export interface LocalStep<D> extends StepCommon {
  readonly participant: 'order';
  readonly command?: (data: D) => LocalOrderCommand;
  readonly compensation?: { readonly name: string; readonly command: (data: D) => LocalOrderCommand };
}

/** A step without `command` is already done when the saga starts (CreateOrder step 0): it only compensates. */
export type SagaStep<D> = RemoteStep<D> | LocalStep<D>;

export interface StepFailure {
  readonly step: string;
  readonly reason: string;
}

export interface SagaDefinition<D> {
  readonly type: saga.SagaType;
  readonly steps: readonly SagaStep<D>[];
  /** Records a forward step's failure in the data before compensating (CreateOrder keeps it for rejectOrder). */
  readonly onStepFailed?: (data: D, failure: StepFailure) => D;
}

/**
 * A saga as data, checked once when the module loads: unique step and compensation names (they are the
 * correlation keys), kinds in the order compensatable → pivot → retriable, at most one pivot, and no
 * compensation at or after the pivot (nothing is undone past it).
 */
export function defineSaga<D>(definition: SagaDefinition<D>): SagaDefinition<D> {
  const { type, steps } = definition;
  const fail = (why: string): never => {
    throw new Error(`saga ${type}: ${why}`);
  };
  if (!steps.some((step) => step.command)) fail('needs a step with a forward command');
  const names = new Set<string>();
  for (const name of steps.flatMap((step) => [step.name, ...(step.compensation ? [step.compensation.name] : [])])) {
    if (name.trim() === '') fail('step and compensation names must not be blank');
    if (names.has(name)) fail(`duplicate step or compensation name ${name}`);
    names.add(name);
  }
  const rank: Record<StepKind, number> = { compensatable: 0, pivot: 1, retriable: 2 };
  steps.forEach((step, index) => {
    const previous = steps[index - 1];
    if (previous && rank[step.kind] < rank[previous.kind]) fail(`${step.name} (${step.kind}) follows ${previous.name} (${previous.kind})`);
    if (step.kind === 'pivot' && previous?.kind === 'pivot') fail('has more than one pivot');
    if (step.kind !== 'compensatable' && step.compensation) fail(`${step.name} is ${step.kind} and cannot have a compensation`);
    if (step.kind !== 'compensatable' && !step.command) fail(`${step.name} is ${step.kind} and needs a forward command`);
  });
  return Object.freeze({ ...definition, steps: Object.freeze([...steps]) });
}
