import { BadUserInput, Conflict } from '@ftgo/schema';
import { isBlankLabel, normaliseName, validateAddress } from './address.js';
import { assertNever } from './assert-never.js';
import { type Consumer, evolve, initialState } from './consumer.js';
import type { ConsumerCommand } from './consumer-commands.js';
import type { ConsumerEvent } from './consumer-events.js';
import { findAddress, requireAddress, requireConsumer } from './consumer-lookup.js';
import { CONSUMER_MESSAGES } from './messages.js';

/**
 * DOMAIN §1.2. Check order (§0): BAD_USER_INPUT → NOT_FOUND → CONFLICT, except that a command on an existing
 * entity (consumer, then address) first answers NOT_FOUND when that entity is unknown.
 */
export function decide(command: ConsumerCommand, consumer: Consumer): ConsumerEvent[] {
  switch (command.type) {
    case 'RegisterConsumer': {
      const name = normaliseName(command.data.name);
      if (name === '') throw new BadUserInput(CONSUMER_MESSAGES.nameRequired);
      // Ids are fresh UUIDs, so this only guards against a reused id.
      if (consumer.status !== 'NEW') throw new Conflict(CONSUMER_MESSAGES.consumerExists);
      return [{ type: 'ConsumerRegistered', data: { consumerId: command.data.consumerId, name } }];
    }
    case 'UpdateConsumer': {
      const { consumerId } = requireConsumer(consumer);
      const name = normaliseName(command.data.name);
      if (name === '') throw new BadUserInput(CONSUMER_MESSAGES.nameBlank);
      return [{ type: 'ConsumerUpdated', data: { consumerId, name } }];
    }
    case 'AddConsumerAddress': {
      const registered = requireConsumer(consumer);
      const { addressId } = command.data;
      if (isBlankLabel(addressId)) throw new BadUserInput(CONSUMER_MESSAGES.addressIdBlank);
      const address = validateAddress(command.data.address);
      if (findAddress(registered, addressId)) throw new Conflict(CONSUMER_MESSAGES.addressIdTaken);
      return [{ type: 'AddressAdded', data: { consumerId: registered.consumerId, addressId, address } }];
    }
    case 'UpdateConsumerAddress': {
      const registered = requireConsumer(consumer);
      const { addressId } = command.data;
      requireAddress(registered, addressId); // the address is the entity updated: unknown wins over bad input
      const address = validateAddress(command.data.address);
      return [{ type: 'AddressUpdated', data: { consumerId: registered.consumerId, addressId, address } }];
    }
    case 'RemoveConsumerAddress': {
      const registered = requireConsumer(consumer);
      const { addressId } = command.data;
      requireAddress(registered, addressId);
      return [{ type: 'AddressRemoved', data: { consumerId: registered.consumerId, addressId } }];
    }
    default:
      return assertNever(command);
  }
}

/** The three functions together, e.g. for `deciderSpec` or a generic command handler. */
export const consumerDecider = { decide, evolve, initialState };
