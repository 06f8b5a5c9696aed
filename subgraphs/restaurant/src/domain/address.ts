import { type Address, BadUserInput } from '@ftgo/schema';

/** DOMAIN §0: required address fields, checked in this order. */
const REQUIRED = ['street1', 'city', 'state', 'zip'] as const;

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/**
 * DOMAIN §0: `street1`, `city`, `state`, `zip` required and non-blank after trimming, else
 * `<field> is required`; `street2` optional (a blank one is stored as null).
 */
export function validateAddress(address: Address): Address {
  for (const field of REQUIRED) {
    if (isBlank(address[field])) throw new BadUserInput(`${field} is required`);
  }
  const street2 = isBlank(address.street2) ? null : (address.street2 as string).trim();
  return {
    street1: address.street1.trim(),
    street2,
    city: address.city.trim(),
    state: address.state.trim(),
    zip: address.zip.trim(),
  };
}
