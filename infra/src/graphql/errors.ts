import { DomainError } from '@ftgo/schema';
import { GraphQLError } from 'graphql';
import type { MiddlewareFn } from 'type-graphql';

/**
 * Every resolver's domain error as a GraphQL error with the contract's `extensions.code` and the
 * DOMAIN's exact message. It lives in the schema, not in a server's formatError, so the in-process
 * (LocalGraphQLDataSource) and HTTP subgraphs answer alike.
 */
export const domainErrors: MiddlewareFn = async (_action, next) => {
  try {
    return await next();
  } catch (error) {
    if (error instanceof DomainError) throw new GraphQLError(error.message, { extensions: { code: error.code } });
    throw error;
  }
};
