// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { AddressType } from '@ftgo/infra/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

/** API `DeliveryStatus` (DOMAIN §1.7); the values are the names, as the application's views carry them. */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  SCHEDULED = 'SCHEDULED',
  PICKED_UP = 'PICKED_UP',
  DELIVERED = 'DELIVERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });

/** API `CourierActionType` (DOMAIN §4.1). */
export enum CourierActionType {
  PICKUP = 'PICKUP',
  DROPOFF = 'DROPOFF',
}
registerEnumType(CourierActionType, { name: 'CourierActionType' });

/** API `Delivery`, owned here (id = the order's id). `order` and `courier` come from field resolvers. */
@Directive('@key(fields: "id")')
@ObjectType('Delivery')
export class DeliveryType {
  @Field(() => ID, { description: 'equals the order id' }) id!: string;
  @Field(() => DeliveryStatus) status!: DeliveryStatus;
  @Field(() => AddressType) pickupAddress!: AddressType;
  @Field(() => AddressType) deliveryAddress!: AddressType;
  @Field(() => DateTimeResolver, { nullable: true }) readyBy!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) pickedUpAt!: string | null;
  @Field(() => DateTimeResolver, { nullable: true }) deliveredAt!: string | null;
}

/** API `CourierAction`: one step of a courier's plan; `delivery` comes from a field resolver. */
@ObjectType('CourierAction')
export class CourierPlanAction {
  @Field(() => CourierActionType) type!: CourierActionType;
  @Field(() => AddressType) address!: AddressType;
  @Field(() => DateTimeResolver) at!: string;
}

/** API `Courier`. */
@ObjectType('Courier')
export class CourierType {
  @Field(() => ID) id!: string;
  @Field(() => Boolean) available!: boolean;
  @Field(() => [CourierPlanAction], { description: 'outstanding actions, ordered by at' }) plan!: CourierPlanAction[];
}

/**
 * The order subgraph's `Order`, as far as the delivery service knows it: its key, to which it adds `delivery`.
 * A class name of its own: type-graphql's metadata is global and the order subgraph declares its `Order` too.
 */
@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderWithDelivery {
  @Field(() => ID) id!: string;
}
