import { type Address, BadUserInput } from '@ftgo/schema';
import { ORDER_MESSAGES } from './messages.js';

/** DOMAIN §0: the required fields, checked in this order. */
const REQUIRED = ['street1', 'city', 'state', 'zip'] as const;

const trimmed = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * DOMAIN §0 address rule for an inline `deliverTo`: street1, city, state, zip non-blank after trimming,
 * else `<field> is required`; street2 optional. Returns the trimmed address, a blank street2 becoming
 * `null`, as the consumer service stores its address book.
 */
export function validateAddress(address: Address): Address {
  for (const field of REQUIRED) {
    if (trimmed(address[field]) === '') throw new BadUserInput(ORDER_MESSAGES.fieldRequired(field));
  }
  const street2 = trimmed(address.street2);
  return {
    street1: trimmed(address.street1),
    street2: street2 === '' ? null : street2,
    city: trimmed(address.city),
    state: trimmed(address.state),
    zip: trimmed(address.zip),
  };
}
