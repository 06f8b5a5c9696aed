import 'reflect-metadata';
import { PageInfoType } from '@ftgo/infra/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** API `OrderState`, as the order subgraph declares it. */
export enum HistoryOrderState {
  APPROVAL_PENDING = 'APPROVAL_PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CANCEL_PENDING = 'CANCEL_PENDING',
  CANCELLED = 'CANCELLED',
  REVISION_PENDING = 'REVISION_PENDING',
}
registerEnumType(HistoryOrderState, { name: 'OrderState' });

/** API `OrderLineItem`, a value type the order subgraph returns too: identical there. */
@Directive('@shareable')
@ObjectType('OrderLineItem')
export class HistoryLineItemType {
  @Field(() => ID) menuItemId!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) price!: number;
  @Field(() => Int) quantity!: number;
  @Field(() => Int) total!: number;
}

/** The order an entry is about; the order subgraph resolves it. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Order')
export class HistoryOrderRef {
  @Field(() => ID) id!: string;
}

/** The consumer whose `orders` this subgraph contributes. */
@Directive('@key(fields: "id")')
@ObjectType('Consumer')
export class HistoryConsumer {
  @Field(() => ID) id!: string;
}

@ObjectType('OrderHistoryEntry')
export class OrderHistoryEntryType {
  @Field(() => ID) orderId!: string;
  @Field(() => HistoryOrderRef, { description: 'the live entity, through the supergraph' }) order!: HistoryOrderRef;
  @Field(() => ID) consumerId!: string;
  @Field(() => ID) restaurantId!: string;
  @Field(() => String) restaurantName!: string;
  @Field(() => HistoryOrderState) state!: HistoryOrderState;
  @Field(() => Int, { description: 'cents' }) orderTotal!: number;
  @Field(() => [HistoryLineItemType]) lineItems!: HistoryLineItemType[];
  @Field(() => DateTimeResolver, { description: 'when the order was created (from the event), not when it was projected' }) createdAt!: string;
  @Field(() => DateTimeResolver) updatedAt!: string;
}

@ObjectType('OrderHistoryEdge')
export class OrderHistoryEdgeType {
  @Field(() => String) cursor!: string;
  @Field(() => OrderHistoryEntryType) node!: OrderHistoryEntryType;
}

@ObjectType('OrderHistoryConnection')
export class OrderHistoryConnectionType {
  @Field(() => [OrderHistoryEdgeType]) edges!: OrderHistoryEdgeType[];
  @Field(() => PageInfoType) pageInfo!: PageInfoType;
}

@InputType('OrderHistoryFilter')
export class OrderHistoryFilterInput {
  @Field(() => DateTimeResolver, { nullable: true, description: 'orders created strictly after this instant' }) since?: Date | null;
  @Field(() => [String], {
    nullable: true,
    description: 'every keyword must match the restaurant name or a line-item name (case-insensitive, whole words)',
  })
  keywords?: string[] | null;
  @Field(() => [HistoryOrderState], { nullable: true }) states?: HistoryOrderState[] | null;
}

/** `Consumer.orders` arguments (a class, so the SDL keeps API.graphql's order; type-graphql registers `@Arg`s last first). */
@ArgsType()
export class ConsumerOrdersArgs {
  @Field(() => OrderHistoryFilterInput, { nullable: true }) filter?: OrderHistoryFilterInput | null;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}

/** `Query.orderHistory` arguments. */
@ArgsType()
export class OrderHistoryQueryArgs {
  @Field(() => ID) consumerId!: string;
  @Field(() => OrderHistoryFilterInput, { nullable: true }) filter?: OrderHistoryFilterInput | null;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) first?: number | null;
  @Field(() => String, { nullable: true }) after?: string | null;
}
