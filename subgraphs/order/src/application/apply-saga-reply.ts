import { type Ignored, onReply, runLocalSteps, sagaReplyOf } from '@ftgo/sagas';
import type { Envelope } from '@ftgo/schema';
import type { Clock, Work } from './ports.js';
import { commitTransition, definitionOf, localStepsOf, type SagaHostDeps } from './saga-transitions.js';

export interface ApplySagaReplyDeps extends SagaHostDeps {
  clock: Clock;
}

/**
 * DOMAIN §3.1: a participant's reply on `ftgo.sagas.<type>.replies`, in the handler's transaction. It is
 * applied only to the awaited step of a live saga (then the local steps that follow run in the same
 * transaction); anything else (late, duplicate, foreign) is ignored, logged and counted.
 */
export function applySagaReply(deps: ApplySagaReplyDeps) {
  return async (work: Work, envelope: Envelope): Promise<void> => {
    const ignore = (why: Ignored['why'], detail: string, type = envelope.headers.sagaType ?? 'unknown') => {
      work.afterCommit(() => {
        deps.metrics.replyIgnored(type);
        deps.log.warn(
          { messageId: envelope.id, replyType: envelope.type, sagaId: envelope.headers.sagaId, step: envelope.headers.sagaStep, why, detail },
          'saga reply ignored',
        );
      });
    };
    const reply = sagaReplyOf(envelope);
    if (!reply) return ignore('other-saga', 'no saga reply headers');
    const stored = await work.sagas.lock(reply.sagaId);
    if (!stored) return ignore('other-saga', `saga ${reply.sagaId} is unknown`);
    const { instance } = stored;
    const definition = definitionOf(instance.type);
    const now = deps.clock.now();
    const at = now.toISOString();
    const applied = onReply(definition, instance, reply, at);
    if (applied.ignored) return ignore(applied.why, applied.detail, instance.type);
    const transition = await runLocalSteps(definition, applied, localStepsOf(work, deps), at);
    await commitTransition(work, transition, at, deps);
    const seconds = Math.max(0, now.getTime() - Date.parse(stored.updatedAt)) / 1000;
    work.afterCommit(() => deps.metrics.stepCompleted(instance.type, reply.step, reply.outcome, seconds));
  };
}
