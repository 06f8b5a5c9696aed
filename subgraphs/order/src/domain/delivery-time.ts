import { BadUserInput, type Instant } from '@ftgo/schema';
import { ORDER_MESSAGES } from './messages.js';

/** DOMAIN §1.5: `deliverAt` defaults to now + 30 min. */
export const DEFAULT_DELIVERY_DELAY_MS = 30 * 60 * 1000;

export const defaultDeliverAt = (now: Instant): Instant => new Date(Date.parse(now) + DEFAULT_DELIVERY_DELAY_MS).toISOString();

export function validateDeliverAt(deliverAt: Instant, now: Instant): void {
  if (Date.parse(deliverAt) < Date.parse(now)) throw new BadUserInput(ORDER_MESSAGES.deliverAtInPast);
}
