import { type Address, BadUserInput } from '@ftgo/schema';
import { CONSUMER_MESSAGES } from './messages.js';

/** What a caller may send: every field possibly missing, so validation never trusts the input's shape. */
export type AddressInput = { [K in keyof Address]?: string | null };

/** DOMAIN §0: the required fields, checked in this order. */
const REQUIRED = ['street1', 'city', 'state', 'zip'] as const;

const trimmed = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * DOMAIN §0 address rule: street1, city, state, zip non-blank after trimming, else
 * BAD_USER_INPUT `<field> is required`; street2 optional. Returns the trimmed address,
 * a blank street2 becoming `null`.
 */
export function validateAddress(address: AddressInput | null | undefined): Address {
  const input = address ?? {};
  for (const field of REQUIRED) {
    if (trimmed(input[field]) === '') throw new BadUserInput(CONSUMER_MESSAGES.fieldRequired(field));
  }
  const street2 = trimmed(input.street2);
  return {
    street1: trimmed(input.street1),
    street2: street2 === '' ? null : street2,
    city: trimmed(input.city),
    state: trimmed(input.state),
    zip: trimmed(input.zip),
  };
}

/** An address label (DOMAIN §0: caller-chosen, non-blank). Kept verbatim: `Home` and ` Home` are different labels. */
export const isBlankLabel = (addressId: unknown): boolean => trimmed(addressId) === '';

/** A consumer's name, trimmed (DOMAIN §1.2); `''` when blank. */
export const normaliseName = (name: unknown): string => trimmed(name);
