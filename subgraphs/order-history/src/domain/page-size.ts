import { BadUserInput } from '@ftgo/schema';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

/** DOMAIN §5 `first`: 1–50, default 20. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new BadUserInput('first must be between 1 and 50');
  return first;
}
