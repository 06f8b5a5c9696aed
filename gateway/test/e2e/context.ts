import type { TestContext } from 'node:test';
import type { GraphQLClient } from './client.js';

/**
 * A running FTGO behind one GraphQL endpoint. The journeys talk to `url` and nothing else, so the
 * same journeys run against the embedded process here and the distributed topology elsewhere.
 */
export interface Stack {
  /** The gateway's GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /**
   * Optional, embedded only: how many operations each subgraph has executed so far, counted at the
   * subgraph (one per gateway fetch). Journeys fall back to the gateway's `/metrics` without it.
   */
  subgraphFetches?: () => Record<string, number>;
  close(): Promise<void>;
}

/** Starts a stack; `t`, when given, closes it when that test ends. */
export type StackStarter = (t?: TestContext) => Promise<Stack>;

/** What every journey gets: the stack under test and a client of its GraphQL endpoint. */
export interface JourneyContext {
  stack: Stack;
  client: GraphQLClient;
}

export interface JourneyOptions {
  /**
   * Only the "happy path" suite (seed; createOrder approved, rejected twice, cancelled, revised; the delivery
   * lifecycle): e.g. for a second messaging adapter.
   */
  happyPathOnly?: boolean;
}

/** Per journey: generous, but a hung saga fails the journey instead of the whole run. */
export const JOURNEY_TIMEOUT = 60_000;
