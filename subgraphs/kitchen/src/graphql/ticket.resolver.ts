// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { commandOptions, type SubgraphContext } from '@ftgo/infra/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { KitchenApplication } from '../application/kitchen-application.js';
import type { TicketView } from '../application/ticket-view.js';
import { OrderWithTicket, RestaurantWithTickets, TicketState, TicketType } from './ticket.types.js';

/** The primary port of the kitchen: every field calls the application, nothing else. */
@Resolver(() => TicketType)
export class TicketResolver {
  constructor(private readonly app: KitchenApplication) {}

  @Query(() => TicketType, { nullable: true })
  ticket(@Arg('id', () => ID) id: string): Promise<TicketView | null> {
    return this.app.queries.ticket(id);
  }

  @Mutation(() => TicketType)
  acceptTicket(@Arg('id', () => ID) id: string, @Arg('readyBy', () => DateTimeResolver) readyBy: Date, @Ctx() ctx: SubgraphContext): Promise<TicketView> {
    return this.app.commands.acceptTicket({ id, readyBy, idempotencyKey: commandOptions(ctx).idempotencyKey });
  }

  @Mutation(() => TicketType)
  startPreparingTicket(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<TicketView> {
    return this.app.commands.startPreparingTicket({ id, idempotencyKey: commandOptions(ctx).idempotencyKey });
  }

  @Mutation(() => TicketType)
  markTicketReadyForPickup(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<TicketView> {
    return this.app.commands.markTicketReadyForPickup({ id, idempotencyKey: commandOptions(ctx).idempotencyKey });
  }

  /** A reference: the order subgraph resolves the rest. */
  @FieldResolver(() => OrderWithTicket)
  order(@Root() ticket: TicketView): OrderWithTicket {
    return { id: ticket.orderId };
  }

  /** A reference: the restaurant subgraph resolves the rest. */
  @FieldResolver(() => RestaurantWithTickets)
  restaurant(@Root() ticket: TicketView): RestaurantWithTickets {
    return { id: ticket.restaurantId };
  }
}

/** `Order.ticket`: the orders of one request share one batched lookup. */
@Resolver(() => OrderWithTicket)
export class OrderTicketResolver {
  constructor(private readonly app: KitchenApplication) {}

  @FieldResolver(() => TicketType, { nullable: true, description: 'null until the kitchen has created it' })
  async ticket(@Root() order: OrderWithTicket, @Ctx() ctx: SubgraphContext): Promise<TicketView | null> {
    return ctx.loaders.get('kitchen.ticketByOrder', (orderIds) => this.app.queries.ticketsByOrders(orderIds)).load(order.id);
  }
}

/** `Restaurant.tickets(state)`: the restaurants of one request share one batched lookup per state. */
@Resolver(() => RestaurantWithTickets)
export class RestaurantTicketsResolver {
  constructor(private readonly app: KitchenApplication) {}

  @FieldResolver(() => [TicketType], { description: 'oldest first' })
  async tickets(
    @Root() restaurant: RestaurantWithTickets,
    @Arg('state', () => TicketState, { nullable: true }) state: TicketState | null | undefined,
    @Ctx() ctx: SubgraphContext,
  ): Promise<TicketView[]> {
    const loader = ctx.loaders.get(`kitchen.restaurantTickets:${state ?? '*'}`, (restaurantIds) =>
      this.app.queries.ticketsByRestaurants({ restaurantIds, state }),
    );
    return (await loader.load(restaurant.id)) ?? [];
  }
}
