import type { ServiceName } from '@ftgo/schema';
import type { Platform } from './platform.js';

/** A running bounded context: its application (for GraphQL and tests) and how to stop it. */
export interface RunningService<A = unknown> {
  readonly name: ServiceName;
  readonly app: A;
  stop(): Promise<void>;
}

/**
 * One service's composition root (DESIGN: `service.ts`): the same in both run modes. `start`
 * migrates the service's schema, starts its relay, subscribes its handlers and builds its application.
 */
export interface ServiceModule<A = unknown> {
  readonly name: ServiceName;
  start(platform: Platform): Promise<RunningService<A>>;
}
