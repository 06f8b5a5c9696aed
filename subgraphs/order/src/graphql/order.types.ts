import 'reflect-metadata';
import { AddressInput, AddressType } from '@ftgo/infra/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ArgsType, Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** API `OrderState`; order-history declares the same enum. */
export enum OrderStateEnum {
  APPROVAL_PENDING = 'APPROVAL_PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CANCEL_PENDING = 'CANCEL_PENDING',
  CANCELLED = 'CANCELLED',
  REVISION_PENDING = 'REVISION_PENDING',
}
registerEnumType(OrderStateEnum, { name: 'OrderState' });

export enum SagaTypeEnum {
  CREATE_ORDER = 'CREATE_ORDER',
  CANCEL_ORDER = 'CANCEL_ORDER',
  REVISE_ORDER = 'REVISE_ORDER',
}
registerEnumType(SagaTypeEnum, { name: 'SagaType' });

export enum SagaStateEnum {
  RUNNING = 'RUNNING',
  COMPENSATING = 'COMPENSATING',
  COMPLETED = 'COMPLETED',
  COMPENSATED = 'COMPENSATED',
  FAILED = 'FAILED',
}
registerEnumType(SagaStateEnum, { name: 'SagaState' });

export enum SagaProgressKindEnum {
  SAGA_STARTED = 'SAGA_STARTED',
  STEP_STARTED = 'STEP_STARTED',
  STEP_SUCCEEDED = 'STEP_SUCCEEDED',
  STEP_FAILED = 'STEP_FAILED',
  COMPENSATION_STARTED = 'COMPENSATION_STARTED',
  COMPENSATION_SUCCEEDED = 'COMPENSATION_SUCCEEDED',
  SAGA_COMPLETED = 'SAGA_COMPLETED',
  SAGA_COMPENSATED = 'SAGA_COMPENSATED',
  SAGA_FAILED = 'SAGA_FAILED',
}
registerEnumType(SagaProgressKindEnum, {
  name: 'SagaProgressKind',
  valuesConfig: {
    STEP_STARTED: { description: 'a command was sent to a participant' },
    SAGA_COMPENSATED: { description: 'all compensations done after a failure' },
    SAGA_FAILED: { description: 'a compensation itself failed; needs an operator' },
  },
});

/** A consumer as the order refers to it; the consumer subgraph resolves the rest. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Consumer')
export class OrderConsumerRef {
  @Field(() => ID) id!: string;
}

/** A restaurant as the order refers to it; the restaurant subgraph resolves the rest. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Restaurant')
export class OrderRestaurantRef {
  @Field(() => ID) id!: string;
}

/** API `OrderLineItem`: order-history returns the same value type. */
@Directive('@shareable')
@ObjectType('OrderLineItem')
export class OrderLineItemType {
  @Field(() => ID) menuItemId!: string;
  @Field(() => String) name!: string;
  @Field(() => Int) price!: number;
  @Field(() => Int) quantity!: number;
  @Field(() => Int) total!: number;
}

@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderType {
  @Field(() => ID) id!: string;
  @Field(() => OrderStateEnum) state!: OrderStateEnum;
  @Field(() => Int, { description: "the aggregate's version: +1 per event" }) version!: number;
  @Field(() => OrderConsumerRef, { nullable: true, description: 'null when the consumer does not exist (such an order is REJECTED)' })
  consumer!: OrderConsumerRef | null;
  @Field(() => OrderRestaurantRef) restaurant!: OrderRestaurantRef;
  @Field(() => [OrderLineItemType]) lineItems!: OrderLineItemType[];
  @Field(() => Int, { description: 'cents' }) orderTotal!: number;
  @Field(() => DateTimeResolver) deliverAt!: string;
  @Field(() => AddressType) deliverTo!: AddressType;
  @Field(() => String, { nullable: true, description: 'set when REJECTED, e.g. "consumer not found", "account disabled"' }) rejectionReason!: string | null;
  @Field(() => [SagaObjectType], { description: 'every saga run for this order, oldest first' }) sagas!: SagaObjectType[];
}

@ObjectType('SagaProgress')
export class SagaProgressType {
  @Field(() => ID) sagaId!: string;
  @Field(() => SagaTypeEnum) sagaType!: SagaTypeEnum;
  @Field(() => ID) orderId!: string;
  @Field(() => OrderType, { description: 'resolved at delivery time' }) order!: OrderType;
  @Field(() => Int, { description: '1, 2, 3 ... per saga, gap-free' }) sequence!: number;
  @Field(() => Int, { description: '1, 2, 3 ... per order across its sagas (which never overlap), gap-free' }) orderSequence!: number;
  @Field(() => SagaProgressKindEnum) kind!: SagaProgressKindEnum;
  @Field(() => String, { nullable: true, description: 'e.g. "validateConsumer", "createTicket", "authorizeCard", "confirmTicket", "approveOrder"' })
  step!: string | null;
  @Field(() => String, { nullable: true, description: 'consumer | kitchen | accounting | order' }) participant!: string | null;
  @Field(() => String, { nullable: true, description: 'why a step failed' }) reason!: string | null;
  @Field(() => DateTimeResolver) at!: string;
}

@ObjectType('Saga')
export class SagaObjectType {
  @Field(() => ID) id!: string;
  @Field(() => SagaTypeEnum) type!: SagaTypeEnum;
  @Field(() => SagaStateEnum) state!: SagaStateEnum;
  @Field(() => String, { nullable: true }) currentStep!: string | null;
  @Field(() => DateTimeResolver) startedAt!: string;
  @Field(() => DateTimeResolver, { nullable: true }) endedAt!: string | null;
  @Field(() => [SagaProgressType], { description: 'the full progress log, in sequence order' }) progress!: SagaProgressType[];
}

@InputType('MenuItemQuantityInput')
export class MenuItemQuantityInput {
  @Field(() => ID) menuItemId!: string;
  @Field(() => Int, { description: ">= 1 when ordering; >= 0 when revising (0 removes the item's quantity)" }) quantity!: number;
}

@InputType('CreateOrderInput')
export class CreateOrderInput {
  @Field(() => ID) consumerId!: string;
  @Field(() => ID) restaurantId!: string;
  @Field(() => [MenuItemQuantityInput], { description: "at least one; menu ids must exist in the restaurant's menu" }) lineItems!: MenuItemQuantityInput[];
  @Field(() => AddressInput, { nullable: true, description: 'either deliverTo or deliverToAddressId' }) deliverTo?: AddressInput | null;
  @Field(() => ID, { nullable: true, description: "a label of one of the consumer's addresses" }) deliverToAddressId?: string | null;
  @Field(() => DateTimeResolver, { nullable: true, description: 'default: now + 30 minutes; must not be in the past' }) deliverAt?: Date | null;
}

/** Arguments of several as classes, so the SDL lists them in API.graphql's order (type-graphql registers `@Arg`s last first). */
@ArgsType()
export class ReviseOrderArgs {
  @Field(() => ID) id!: string;
  @Field(() => [MenuItemQuantityInput]) lineItems!: MenuItemQuantityInput[];
}

@ArgsType()
export class SagaProgressArgs {
  @Field(() => ID) orderId!: string;
  @Field(() => Int, { nullable: true, description: 'the last orderSequence the client has; the stream starts after it' }) after?: number | null;
}
