import type { Instant } from '@ftgo/schema';
import type { LocalOrderCommand } from './saga-command.js';
import type { SagaDefinition } from './saga-definition.js';
import { onLocalResult, type Transition } from './saga-engine.js';
import type { LocalOutcome } from './saga-reply.js';

/**
 * Runs local actions until the saga sends a command or ends, all in the caller's transaction, and returns one
 * combined transition. `execute` resolves a business rejection to FAILURE(reason) and throws on anything
 * transient, so the whole transaction rolls back and the triggering message is redelivered.
 */
export async function runLocalSteps<D>(
  definition: SagaDefinition<D>,
  transition: Transition<D>,
  execute: (command: LocalOrderCommand, step: string) => Promise<LocalOutcome>,
  at: Instant,
): Promise<Transition<D>> {
  let combined = transition;
  while (combined.action.kind === 'local') {
    const { step, command } = combined.action;
    const next = onLocalResult(definition, combined.instance, { ...(await execute(command, step)), step }, at);
    if (next.ignored) throw new Error(`saga ${combined.instance.id}: local result of ${step} ignored: ${next.detail}`);
    combined = { ...next, expectedVersion: combined.expectedVersion, progress: [...combined.progress, ...next.progress] };
  }
  return combined;
}
