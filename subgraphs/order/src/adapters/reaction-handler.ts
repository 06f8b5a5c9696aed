import { consumerName, type Database, type HandlerContext, type MessageHandler, onEvent, type SubscriptionSpec } from '@ftgo/infra';
import type { OrderApplication } from '../application/index.js';
import type { Work } from '../application/ports.js';
import { type PgWorkDeps, pgWork, runEffects } from './pg-work.js';

/** What every inbound handler of the order service is built from. */
export interface OrderHandlerDeps {
  db: Database;
  work: PgWorkDeps;
  app: OrderApplication;
  onEffectError: (error: unknown) => void;
}

/**
 * An application reaction in the handler's transaction, after the inbox claim (`onEvent`); the effects it
 * registered (metrics, logs) run only once that transaction committed.
 */
export function reactionHandler(deps: OrderHandlerDeps, spec: SubscriptionSpec, react: (work: Work, ctx: HandlerContext) => Promise<void>): MessageHandler {
  return async (delivery) => {
    let committed: readonly (() => void)[] = [];
    await onEvent({ db: deps.db, schema: deps.work.schema, consumer: consumerName(spec) }, async (ctx) => {
      const work = pgWork(deps.work, ctx.tx, ctx.ids, ctx.context);
      await react(work, ctx);
      committed = work.effects;
    })(delivery);
    runEffects(committed, deps.onEffectError);
  };
}
