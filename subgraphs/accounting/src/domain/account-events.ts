import type { accounting, EventData, Occurred } from '@ftgo/schema';

/**
 * The authorization events carry their time inside `data` as `occurredAt` (the command's `now`): their payloads
 * have no other time field, yet the Authorization keeps `authorizedAt` and `at`. Stored with the event data, the
 * time survives a reload whatever the store does with `recorded_at`; a store that stamps `occurredAt` over it
 * keeps the event valid.
 */
type Timed<T> = EventData<T> & Occurred;

/** Account events as the decider emits them (DOMAIN §2.2). */
export type AccountCreated = { type: 'AccountCreated'; data: EventData<typeof accounting.AccountCreated> };
export type AccountDisabled = { type: 'AccountDisabled'; data: EventData<typeof accounting.AccountDisabled> };
export type AccountEnabled = { type: 'AccountEnabled'; data: EventData<typeof accounting.AccountEnabled> };
export type OrderAuthorized = { type: 'OrderAuthorized'; data: Timed<typeof accounting.OrderAuthorized> };
export type AuthorizationRevised = { type: 'AuthorizationRevised'; data: Timed<typeof accounting.AuthorizationRevised> };
export type AuthorizationReversed = { type: 'AuthorizationReversed'; data: Timed<typeof accounting.AuthorizationReversed> };

export type AccountEvent = AccountCreated | AccountDisabled | AccountEnabled | OrderAuthorized | AuthorizationRevised | AuthorizationReversed;
