import type { Instant } from '@ftgo/schema';

/** An ISO-8601 instant normalised to UTC with milliseconds (DOMAIN §0); a value that is no time is a bug upstream. */
export function toInstant(value: Instant): Instant {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO-8601 instant: ${value}`);
  return new Date(ms).toISOString();
}
