import assert from 'node:assert/strict';

/** The three functions of an event-sourced aggregate (Emmett's decider). */
export interface DeciderLike<S, C, E> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

type ErrorClass = new (...args: never[]) => Error;

/**
 * Given/when/then over a decider, no database:
 *   given([created]).when(approve).then([approved])
 *   given([created, approved]).when(approve).thenThrows(FailedPrecondition, 'order state does not allow action')
 */
export function deciderSpec<S, C, E>(decider: DeciderLike<S, C, E>) {
  return (history: E[]) => ({
    when(command: C) {
      const state = history.reduce(decider.evolve, decider.initialState());
      const run = () => decider.decide(command, state);
      return {
        // biome-ignore lint/suspicious/noThenProperty: given/when/then reads as the spec (STYLE.md); never awaited
        then(expected: E[]) {
          assert.deepStrictEqual(run(), expected);
        },
        thenThrows(errorClass: ErrorClass, message: string) {
          assert.throws(run, (error: unknown) => {
            assert.ok(error instanceof errorClass, `expected ${errorClass.name}, got ${String(error)}`);
            assert.equal((error as Error).message, message);
            return true;
          });
        },
        /** The state after applying what the command decided, for assertions on evolve. */
        thenState(check: (state: S) => void) {
          check(run().reduce(decider.evolve, state));
        },
      };
    },
  });
}
