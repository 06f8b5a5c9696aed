// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** API `AuthorizationState`. */
export enum AuthorizationStateEnum {
  AUTHORIZED = 'AUTHORIZED',
  REVISED = 'REVISED',
  REVERSED = 'REVERSED',
}
registerEnumType(AuthorizationStateEnum, { name: 'AuthorizationState' });

/** API `Authorization`: one per order authorised. */
@ObjectType('Authorization')
export class AuthorizationType {
  @Field(() => ID) orderId!: string;
  @Field(() => Int, { description: 'cents' }) amount!: number;
  @Field(() => AuthorizationStateEnum) state!: AuthorizationStateEnum;
  @Field(() => DateTimeResolver, { description: 'the latest change' }) at!: string;
}

/**
 * The accounting subgraph's part of the `Consumer` entity (owned by the consumer subgraph): its key, and
 * `account` through `ConsumerAccountResolver`.
 */
@Directive('@key(fields: "id")')
@ObjectType('Consumer')
export class ConsumerWithAccount {
  @Field(() => ID) id!: string;
}

/** API `Account`; `consumer` is a reference to the consumer subgraph's entity (resolved by `AccountResolver.consumer`). */
@Directive('@key(fields: "id")')
@ObjectType('Account')
export class AccountType {
  @Field(() => ID, { description: 'equals the consumer id' }) id!: string;
  @Field(() => ConsumerWithAccount) consumer!: ConsumerWithAccount;
  @Field(() => Boolean) enabled!: boolean;
  @Field(() => [AuthorizationType], { description: 'one per order authorised, newest first' }) authorizations!: AuthorizationType[];
}
