import { AddressType } from '@ftgo/infra/graphql';
import { Directive, Field, ID, InputType, ObjectType } from 'type-graphql';

@ObjectType('ConsumerAddress')
export class ConsumerAddressType {
  @Field(() => ID, { description: 'The caller’s label, e.g. "Home"' }) id!: string;
  @Field(() => AddressType) address!: AddressType;
}

@Directive('@key(fields: "id")')
@ObjectType('Consumer')
export class ConsumerType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => [ConsumerAddressType]) addresses!: ConsumerAddressType[];
}

@InputType('RegisterConsumerInput')
export class RegisterConsumerInput {
  @Field(() => String, { description: 'at least one non-blank character' }) name!: string;
}
