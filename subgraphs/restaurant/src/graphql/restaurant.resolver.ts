// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { commandOptions, type SubgraphContext } from '@ftgo/infra/graphql';
import type { MenuItem } from '@ftgo/schema';
import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RestaurantApplication, RestaurantView } from '../application/index.js';
import type { Connection } from '../domain/index.js';
import { CreateRestaurantInput, MenuItemInput, RestaurantConnection, RestaurantType } from './restaurant.types.js';

/** Inputs arrive as class instances; the application takes plain data. */
const menuOf = (menu: readonly MenuItemInput[]): MenuItem[] => menu.map(({ id, name, price }) => ({ id, name, price }));

/** The per-request batch of restaurant lookups (entity references). */
export const restaurantLoader = (app: RestaurantApplication, ctx: SubgraphContext) =>
  ctx.loaders.get<RestaurantView>('restaurant', (ids) => app.queries.restaurantsByIds(ids));

/** The primary port: every field calls the application, nothing else. */
@Resolver(() => RestaurantType)
export class RestaurantResolver {
  constructor(private readonly app: RestaurantApplication) {}

  @Query(() => RestaurantType, { nullable: true })
  restaurant(@Arg('id', () => ID) id: string): Promise<RestaurantView | null> {
    return this.app.queries.restaurant(id);
  }

  @Query(() => RestaurantConnection)
  restaurants(
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<Connection<RestaurantView>> {
    return this.app.queries.restaurants({ first, after });
  }

  @Mutation(() => RestaurantType)
  createRestaurant(@Arg('input', () => CreateRestaurantInput) input: CreateRestaurantInput, @Ctx() ctx: SubgraphContext): Promise<RestaurantView> {
    const { idempotencyKey } = commandOptions(ctx);
    return this.app.commands.createRestaurant({ name: input.name, address: { ...input.address }, menu: menuOf(input.menu), idempotencyKey });
  }

  @Mutation(() => RestaurantType)
  reviseMenu(@Arg('id', () => ID) id: string, @Arg('menu', () => [MenuItemInput]) menu: MenuItemInput[], @Ctx() ctx: SubgraphContext): Promise<RestaurantView> {
    const { idempotencyKey } = commandOptions(ctx);
    return this.app.commands.reviseMenu({ id, menu: menuOf(menu), idempotencyKey });
  }
}
