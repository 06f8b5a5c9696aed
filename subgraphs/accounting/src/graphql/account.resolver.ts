// type-graphql reads decorator metadata at import time: the polyfill comes before any decorated class (@ftgo/infra/graphql's included).
import 'reflect-metadata';
import { commandOptions, type SubgraphContext } from '@ftgo/infra/graphql';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AccountingApplication, AccountView } from '../application/index.js';
import { AccountType, ConsumerWithAccount } from './account.types.js';

/** The per-request batch of account lookups: `Consumer.account` and Account references share it. */
export const accountLoader = (app: AccountingApplication, ctx: SubgraphContext) =>
  ctx.loaders.get<AccountView>('account', (ids) => app.queries.accountsByIds(ids));

/** The primary port: every field calls the application, nothing else. */
@Resolver(() => AccountType)
export class AccountResolver {
  constructor(private readonly app: AccountingApplication) {}

  @Query(() => AccountType, { nullable: true })
  account(@Arg('id', () => ID) id: string): Promise<AccountView | null> {
    return this.app.queries.account(id);
  }

  @Mutation(() => AccountType)
  disableAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<AccountView> {
    return this.app.commands.disableAccount(id, commandOptions(ctx));
  }

  @Mutation(() => AccountType)
  enableAccount(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<AccountView> {
    return this.app.commands.enableAccount(id, commandOptions(ctx));
  }

  /** A reference: the account id is the consumer id; the consumer subgraph resolves the rest. */
  @FieldResolver(() => ConsumerWithAccount)
  consumer(@Root() account: AccountView): ConsumerWithAccount {
    return { id: account.id };
  }
}

/** `Consumer.account`: null until the account exists; batched per request. */
@Resolver(() => ConsumerWithAccount)
export class ConsumerAccountResolver {
  constructor(private readonly app: AccountingApplication) {}

  @FieldResolver(() => AccountType, { nullable: true, description: 'null until the account exists' })
  account(@Root() consumer: ConsumerWithAccount, @Ctx() ctx: SubgraphContext): Promise<AccountView | null> {
    return accountLoader(this.app, ctx).load(consumer.id);
  }
}
