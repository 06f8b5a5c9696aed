import type { Address, Instant } from '@ftgo/schema';

export type CourierActionType = 'PICKUP' | 'DROPOFF';

/** One outstanding piece of work (DOMAIN §1.7). */
export interface CourierAction {
  type: CourierActionType;
  deliveryId: string;
  address: Address;
  at: Instant;
}

/** A row of `delivery.couriers`: `plan` is outstanding work only, ordered by `at`, then insertion (DOMAIN §4.1). */
export interface Courier {
  id: string;
  available: boolean;
  plan: CourierAction[];
}

export interface AvailabilityChange {
  courier: Courier;
  /** True when this made the courier available (new, or previously unavailable): assign awaiting deliveries (DOMAIN §4.1). */
  becameAvailable: boolean;
}

/**
 * `setCourierAvailability(id, available)`: DOMAIN §1.7 creates the courier with an empty plan on
 * first use; an unavailable courier keeps its plan (§4.1).
 */
export function setCourierAvailability(existing: Courier | null, id: string, available: boolean): AvailabilityChange {
  const courier: Courier = existing ? { ...existing, available } : { id, available, plan: [] };
  return { courier, becameAvailable: available && !existing?.available };
}
