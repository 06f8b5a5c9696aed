// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { AddressInput, AddressType, PageInfoType } from '@ftgo/infra/graphql';
import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';

/** API `MenuItem`. */
@ObjectType('MenuItem')
export class MenuItemType {
  @Field(() => ID, { description: 'the caller’s label, unique within the restaurant' }) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { description: 'cents, > 0' }) price!: number;
}

/** API `Restaurant` (owned here; `tickets` is the kitchen subgraph's). */
@Directive('@key(fields: "id")')
@ObjectType('Restaurant')
export class RestaurantType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => AddressType) address!: AddressType;
  @Field(() => [MenuItemType]) menu!: MenuItemType[];
}

/** API `MenuItemInput`; the domain trims and checks it (DOMAIN §1.4). */
@InputType('MenuItemInput')
export class MenuItemInput {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) price!: number;
}

/** API `CreateRestaurantInput`. */
@InputType('CreateRestaurantInput')
export class CreateRestaurantInput {
  @Field(() => String) name!: string;
  @Field(() => AddressInput) address!: AddressInput;
  @Field(() => [MenuItemInput], { description: 'at least one item; ids unique' }) menu!: MenuItemInput[];
}

/** API `RestaurantEdge`. */
@ObjectType('RestaurantEdge')
export class RestaurantEdge {
  @Field(() => String) cursor!: string;
  @Field(() => RestaurantType) node!: RestaurantType;
}

/** API `RestaurantConnection`: by lower-cased name, then id (DOMAIN §1.4). */
@ObjectType('RestaurantConnection')
export class RestaurantConnection {
  @Field(() => [RestaurantEdge]) edges!: RestaurantEdge[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
}
