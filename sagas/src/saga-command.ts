import type { CommandType, MenuItemQuantity } from '@ftgo/schema';

/**
 * What a saga step asks of a participant. A remote participant (consumer, kitchen, accounting) gets a
 * declared command of `@ftgo/schema`, written to the outbox on `ftgo.<participant>.commands`; the order
 * participant's commands run in-process, in the orchestrator's transaction (DOMAIN §2.1, §2.3).
 */
export interface ParticipantCommand<P = unknown> {
  readonly message: CommandType<P>;
  readonly payload: P;
}

/** A participant command whose payload the compiler checks against the declared message. */
export const send = <P>(message: CommandType<P>, payload: NoInfer<P>): ParticipantCommand => ({ message, payload }) as ParticipantCommand;

/**
 * The order commands of DOMAIN §1.5 that sagas run, each with `orderId` plus the arguments of the table.
 * Same `{ type, data }` shape as the order decider's `OrderCommand`, so the host passes them through.
 */
export interface OrderCommandData {
  ApproveOrder: { orderId: string; ticketId: string };
  RejectOrder: { orderId: string; reason: string };
  BeginCancelOrder: { orderId: string };
  UndoCancelOrder: { orderId: string };
  ConfirmCancelOrder: { orderId: string };
  BeginReviseOrder: { orderId: string; revisedQuantities: MenuItemQuantity[] };
  UndoReviseOrder: { orderId: string };
  ConfirmReviseOrder: { orderId: string; revisedQuantities: MenuItemQuantity[] };
}

export type LocalOrderCommandType = keyof OrderCommandData;
export type LocalOrderCommand = { [T in LocalOrderCommandType]: { readonly type: T; readonly data: OrderCommandData[T] } }[LocalOrderCommandType];

const LOCAL_ORDER_COMMANDS: readonly LocalOrderCommandType[] = [
  'ApproveOrder',
  'RejectOrder',
  'BeginCancelOrder',
  'UndoCancelOrder',
  'ConfirmCancelOrder',
  'BeginReviseOrder',
  'UndoReviseOrder',
  'ConfirmReviseOrder',
];

/** `local.ApproveOrder({ orderId, ticketId })`: an order command the orchestrator runs in its own transaction. */
export const local = Object.fromEntries(LOCAL_ORDER_COMMANDS.map((type) => [type, (data: unknown) => ({ type, data })])) as {
  readonly [T in LocalOrderCommandType]: (data: OrderCommandData[T]) => LocalOrderCommand;
};

export type SagaCommand = ParticipantCommand | LocalOrderCommand;
