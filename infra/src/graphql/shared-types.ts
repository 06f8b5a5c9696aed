import { Directive, Field, InputType, ObjectType } from 'type-graphql';

/** API `Address`: a value type several subgraphs return, hence `@shareable`. */
@Directive('@shareable')
@ObjectType('Address')
export class AddressType {
  @Field(() => String) street1!: string;
  @Field(() => String, { nullable: true }) street2?: string | null;
  @Field(() => String) city!: string;
  @Field(() => String) state!: string;
  @Field(() => String) zip!: string;
}

/** API `AddressInput`; the domain trims and checks it (DOMAIN §0), not class-validator. */
@InputType('AddressInput')
export class AddressInput {
  @Field(() => String) street1!: string;
  @Field(() => String, { nullable: true }) street2?: string | null;
  @Field(() => String) city!: string;
  @Field(() => String) state!: string;
  @Field(() => String) zip!: string;
}

/** API `PageInfo` of the keyset-paginated connections. */
@Directive('@shareable')
@ObjectType('PageInfo')
export class PageInfoType {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}
