import {
  consumerName,
  type Database,
  failure,
  type MessageFactory,
  type MessageHandler,
  onCommand,
  type Reply,
  type SubscriptionSpec,
  success,
} from '@ftgo/infra';
import { type CommandType, type Envelope, kitchen, type Naming } from '@ftgo/schema';
import type { KitchenApplication } from '../application/kitchen-application.js';
import type { KitchenUnit } from '../application/ports.js';
import type { PgKitchenUnits } from './pg-kitchen-units.js';

/** Saga commands from the order service's orchestrator (DOMAIN §2.3); no order across sagas is needed. */
export const kitchenCommandsSubscription = (naming: Naming): SubscriptionSpec => ({
  service: 'kitchen',
  name: 'commands',
  subject: naming.commands('kitchen'),
  ordered: false,
});

export interface KitchenCommandsDeps {
  db: Database;
  schema: string;
  messages: MessageFactory;
  units: PgKitchenUnits;
  app: KitchenApplication;
}

type Route = (app: KitchenApplication['inbound'], unit: KitchenUnit, payload: unknown) => Promise<Reply>;

/** One route per command type: what runs and what a success replies (a refusal replies saga.Failure(reason)). */
const route = <P>(type: CommandType<P>, run: (app: KitchenApplication['inbound'], unit: KitchenUnit, payload: P) => Promise<Reply>): [string, Route] => [
  type.type,
  run as Route,
];
const done = async (work: Promise<void>): Promise<Reply> => {
  await work;
  return success();
};

const routes = new Map<string, Route>([
  route(kitchen.CreateTicket, async (app, unit, p) => success(kitchen.CreateTicketReply, await app.createTicket(unit, p))),
  route(kitchen.ConfirmCreateTicket, (app, unit, p) => done(app.confirmCreateTicket(unit, p))),
  route(kitchen.CancelCreateTicket, (app, unit, p) => done(app.cancelCreateTicket(unit, p))),
  route(kitchen.BeginCancelTicket, (app, unit, p) => done(app.beginCancelTicket(unit, p))),
  route(kitchen.UndoCancelTicket, (app, unit, p) => done(app.undoCancelTicket(unit, p))),
  route(kitchen.ConfirmCancelTicket, (app, unit, p) => done(app.confirmCancelTicket(unit, p))),
  route(kitchen.BeginReviseTicket, (app, unit, p) => done(app.beginReviseTicket(unit, p))),
  route(kitchen.UndoReviseTicket, (app, unit, p) => done(app.undoReviseTicket(unit, p))),
  route(kitchen.ConfirmReviseTicket, (app, unit, p) => done(app.confirmReviseTicket(unit, p))),
]);

/**
 * The kitchen as a saga participant (DOMAIN §0, §1.6): inbox claim, the command, and its reply in one transaction.
 * A DomainError replies FAILURE with its message at once; a Transient (restaurant not yet replicated) or any other
 * error is redelivered, and the last attempt replies FAILURE with the error text.
 */
export function kitchenCommandsHandler({ db, schema, messages, units, app }: KitchenCommandsDeps, naming: Naming): MessageHandler {
  return onCommand({ db, schema, messages, consumer: consumerName(kitchenCommandsSubscription(naming)) }, async ({ tx, envelope, ids, context }) => {
    const run = routes.get(envelope.type);
    if (!run) return unknownCommand(envelope);
    return run(app.inbound, units.in(tx, { ids, context }), envelope.payload);
  });
}

/** A command this version does not know: answered, so the saga does not wait for a reply that never comes. */
const unknownCommand = (envelope: Envelope): Reply => failure(`unknown command ${envelope.type}`);
