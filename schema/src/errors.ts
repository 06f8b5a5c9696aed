/**
 * The contract's error codes (API.graphql) and the domain errors that carry them.
 * Business rules throw these; the GraphQL layer maps `code` to `extensions.code`
 * and saga participants turn them into FAILURE replies with `message` as the reason.
 */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FAILED_PRECONDITION';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadUserInput extends DomainError {
  constructor(message: string) {
    super('BAD_USER_INPUT', message);
  }
}

export class NotFound extends DomainError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class Conflict extends DomainError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class FailedPrecondition extends DomainError {
  constructor(message: string) {
    super('FAILED_PRECONDITION', message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/**
 * Not a business rejection but a condition that may pass (a replica behind, an aggregate in flight):
 * a message handler throws it to be redelivered, and a participant that still meets it on the last
 * allowed delivery replies FAILURE with its message (DOMAIN §0, participant failures).
 */
export class Transient extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Transient';
  }
}
