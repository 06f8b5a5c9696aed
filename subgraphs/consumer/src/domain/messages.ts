/** Error texts of DOMAIN §0 and §1.2, verbatim: clients and saga replies rely on them. */
export const CONSUMER_MESSAGES = {
  nameRequired: 'cannot register a consumer without a name',
  nameBlank: 'consumer name must not be blank',
  consumerNotFound: 'consumer not found',
  consumerExists: 'consumer already exists',
  addressIdBlank: 'address id must not be blank',
  addressIdTaken: 'address with that identifier already exists',
  addressNotFound: 'an address with that identifier does not exist',
  fieldRequired: (field: string) => `${field} is required`,
} as const;
