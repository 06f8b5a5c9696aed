import { BadUserInput } from '@ftgo/schema';

/**
 * Keyset position in `restaurants(first, after)`: the last seen restaurant's name and id. The
 * name is kept as stored (not lower-cased) so that a SQL adapter compares `lower(name)` with
 * `lower($name)` using one and the same lower-casing.
 */
export interface RestaurantCursor {
  name: string;
  id: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Opaque: base64url of JSON. */
export const encodeRestaurantCursor = (cursor: RestaurantCursor): string =>
  Buffer.from(JSON.stringify({ name: cursor.name, id: cursor.id }), 'utf8').toString('base64url');

/** Anything that `encodeRestaurantCursor` could not have produced → BAD_USER_INPUT `invalid cursor`. */
export function decodeRestaurantCursor(cursor: string): RestaurantCursor {
  const invalid = () => new BadUserInput('invalid cursor');
  // Buffer decoding skips characters outside the alphabet; refuse them rather than guess.
  if (typeof cursor !== 'string' || !BASE64URL.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
  const { name, id } = value as Record<string, unknown>;
  if (typeof name !== 'string' || typeof id !== 'string' || id === '') throw invalid();
  return { name, id };
}
