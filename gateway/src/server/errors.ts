import type { GraphQLFormattedError } from 'graphql';

/**
 * The `extensions.code`s a client may see (API.graphql's header): the contract's own and Apollo's
 * for documents and requests that never reach a subgraph.
 */
export const CLIENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export const INTERNAL_ERROR_MESSAGE = 'Internal server error';

/**
 * Apollo's `formatError` for the gateway. Errors keep their contract code and message. Anything
 * else (a subgraph that is down, `DOWNSTREAM_SERVICE_ERROR`, a bug) becomes INTERNAL_SERVER_ERROR,
 * and in production its message is replaced, since it may name hosts or SQL. In production no
 * stack trace reaches a client, not even one a development-mode subgraph put in its extensions.
 */
export function formatGatewayError(production: boolean) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const { stacktrace, ...rest } = formatted.extensions ?? {};
    const extensions = production ? rest : { ...rest, ...(stacktrace === undefined ? {} : { stacktrace }) };
    const code = extensions.code;
    if (typeof code === 'string' && CLIENT_ERROR_CODES.has(code)) return { ...formatted, extensions };
    return {
      ...formatted,
      message: production ? INTERNAL_ERROR_MESSAGE : formatted.message,
      extensions: { ...extensions, code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
