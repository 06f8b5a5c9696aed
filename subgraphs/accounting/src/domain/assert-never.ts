/** Exhaustiveness check: a new command type that `decide` does not handle is a compile error. */
export function assertNever(value: never): never {
  throw new Error(`unhandled: ${JSON.stringify(value)}`);
}
