// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** API `TicketState` (DOMAIN §1.6); the values are the names, as the application's views carry them. */
export enum TicketState {
  CREATE_PENDING = 'CREATE_PENDING',
  AWAITING_ACCEPTANCE = 'AWAITING_ACCEPTANCE',
  ACCEPTED = 'ACCEPTED',
  PREPARING = 'PREPARING',
  READY_FOR_PICKUP = 'READY_FOR_PICKUP',
  PICKED_UP = 'PICKED_UP',
  CANCEL_PENDING = 'CANCEL_PENDING',
  CANCELLED = 'CANCELLED',
  REVISION_PENDING = 'REVISION_PENDING',
}
registerEnumType(TicketState, { name: 'TicketState' });

@ObjectType('TicketLineItem')
export class TicketLineItemType {
  @Field(() => ID) menuItemId!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) quantity!: number;
}

/** API `Ticket`, owned here. `order` and `restaurant` are references, resolved by their field resolvers. */
@Directive('@key(fields: "id")')
@ObjectType('Ticket')
export class TicketType {
  @Field(() => ID) id!: string;
  @Field(() => TicketState) state!: TicketState;
  @Field(() => [TicketLineItemType]) lineItems!: TicketLineItemType[];
  @Field(() => DateTimeResolver, { nullable: true }) readyBy!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) acceptedAt!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) preparingAt!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) readyForPickupAt!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) pickedUpAt!: string | null;
}

/**
 * The order subgraph's `Order`, as far as the kitchen knows it: its key, to which the kitchen adds `ticket`.
 * A class name of its own: type-graphql's metadata is global and the order subgraph declares its `Order` too.
 */
@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderWithTicket {
  @Field(() => ID) id!: string;
}

/** The restaurant subgraph's `Restaurant`, as far as the kitchen knows it: its key, to which the kitchen adds `tickets`. */
@Directive('@key(fields: "id")')
@ObjectType('Restaurant')
export class RestaurantWithTickets {
  @Field(() => ID) id!: string;
}
