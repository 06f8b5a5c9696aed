import type { Instant } from '@ftgo/schema';

/** An ISO-8601 instant normalised to UTC with milliseconds (DOMAIN §0); a value that is no time is a bug upstream. */
export function toInstant(value: Instant): Instant {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TypeError(`not an ISO-8601 instant: ${value}`);
  return new Date(ms).toISOString();
}

export const addMinutes = (at: Instant, minutes: number): Instant => new Date(Date.parse(at) + minutes * 60_000).toISOString();

export const compareInstants = (a: Instant, b: Instant): number => Date.parse(a) - Date.parse(b);
