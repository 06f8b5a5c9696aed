import { BadUserInput, type Instant, isUuid } from '@ftgo/schema';

/** DOMAIN §5: the position of an entry in `createdAt desc, orderId desc`, at full millisecond precision. */
export interface HistoryCursor {
  createdAt: Instant;
  orderId: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ISO_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Order ids are UUIDs (DOMAIN §0); refusing anything else here keeps a forged cursor from reaching a uuid column.

/** Opaque: base64url of JSON `{createdAt, orderId}`, createdAt as `toISOString()` (milliseconds, UTC). */
export const encodeHistoryCursor = (cursor: HistoryCursor): string =>
  Buffer.from(JSON.stringify({ createdAt: new Date(cursor.createdAt).toISOString(), orderId: cursor.orderId }), 'utf8').toString('base64url');

/** Anything `encodeHistoryCursor` could not have produced → BAD_USER_INPUT `invalid cursor` (DOMAIN §5). */
export function decodeHistoryCursor(cursor: string): HistoryCursor {
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
  const { createdAt, orderId } = value as Record<string, unknown>;
  if (typeof createdAt !== 'string' || !ISO_MILLIS.test(createdAt) || typeof orderId !== 'string' || !isUuid(orderId)) throw invalid();
  const ms = Date.parse(createdAt);
  // Rejects impossible dates such as 2025-02-30, which Date.parse rolls over.
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== createdAt) throw invalid();
  return { createdAt, orderId };
}
