import { type Address, BadUserInput } from '@ftgo/schema';

const REQUIRED_FIELDS = ['street1', 'city', 'state', 'zip'] as const;

/** DOMAIN §0 Address: required fields non-blank after trimming, else `<field> is required`; street2 optional. */
export function validateAddress(address: Address): void {
  for (const field of REQUIRED_FIELDS) {
    if (typeof address[field] !== 'string' || address[field].trim() === '') throw new BadUserInput(`${field} is required`);
  }
}
