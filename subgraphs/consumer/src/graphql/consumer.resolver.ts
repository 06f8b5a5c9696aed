import { AddressInput, commandOptions, type SubgraphContext } from '@ftgo/infra/graphql';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { ConsumerApplication, ConsumerView } from '../application/index.js';
import { ConsumerType, RegisterConsumerInput } from './consumer.types.js';

/** The primary port: every field calls the application, nothing else. */
@Resolver(() => ConsumerType)
export class ConsumerResolver {
  constructor(private readonly app: ConsumerApplication) {}

  @Query(() => ConsumerType, { nullable: true })
  consumer(@Arg('id', () => ID) id: string): Promise<ConsumerView | null> {
    return this.app.queries.consumer(id);
  }

  @Mutation(() => ConsumerType)
  registerConsumer(@Arg('input', () => RegisterConsumerInput) input: RegisterConsumerInput, @Ctx() ctx: SubgraphContext): Promise<ConsumerView> {
    return this.app.commands.registerConsumer({ name: input.name }, commandOptions(ctx));
  }

  @Mutation(() => ConsumerType)
  updateConsumer(@Arg('id', () => ID) id: string, @Arg('name', () => String) name: string, @Ctx() ctx: SubgraphContext): Promise<ConsumerView> {
    return this.app.commands.updateConsumer({ id, name }, commandOptions(ctx));
  }

  @Mutation(() => ConsumerType)
  addConsumerAddress(
    @Arg('consumerId', () => ID) consumerId: string,
    @Arg('addressId', () => ID) addressId: string,
    @Arg('address', () => AddressInput) address: AddressInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConsumerView> {
    return this.app.commands.addConsumerAddress({ consumerId, addressId, address: { ...address } }, commandOptions(ctx));
  }

  @Mutation(() => ConsumerType)
  updateConsumerAddress(
    @Arg('consumerId', () => ID) consumerId: string,
    @Arg('addressId', () => ID) addressId: string,
    @Arg('address', () => AddressInput) address: AddressInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConsumerView> {
    return this.app.commands.updateConsumerAddress({ consumerId, addressId, address: { ...address } }, commandOptions(ctx));
  }

  @Mutation(() => ConsumerType)
  removeConsumerAddress(
    @Arg('consumerId', () => ID) consumerId: string,
    @Arg('addressId', () => ID) addressId: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ConsumerView> {
    return this.app.commands.removeConsumerAddress({ consumerId, addressId }, commandOptions(ctx));
  }
}
