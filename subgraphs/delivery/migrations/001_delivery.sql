-- Delivery service tables (DOMAIN §1.7, §4.1), in the service schema (search_path), after infra's tables.
-- Times are timestamptz(3): millisecond precision, as JS Date has.

-- Full-state copy of restaurants (DOMAIN §0 folding: apply when v > last); only what a pickup needs.
CREATE TABLE restaurant_replicas (
  restaurant_id uuid PRIMARY KEY,
  name          text NOT NULL,
  address       jsonb NOT NULL,
  version       integer NOT NULL
);

-- Couriers: caller-chosen ids; `plan` is the outstanding actions, ordered by `at`, then insertion (DOMAIN §4.1).
CREATE TABLE couriers (
  id         text PRIMARY KEY,
  available  boolean NOT NULL,
  plan       jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX couriers_available ON couriers (id) WHERE available;

-- Deliveries: id = order id; `version` = aggregate version of the Delivery events (DOMAIN §0).
CREATE TABLE deliveries (
  id                  uuid PRIMARY KEY,
  restaurant_id       uuid NOT NULL,
  pickup_address      jsonb NOT NULL,
  delivery_address    jsonb NOT NULL,
  status              text NOT NULL CHECK (status IN ('PENDING', 'SCHEDULED', 'PICKED_UP', 'DELIVERED', 'CANCELLED')),
  ready_by            timestamptz(3),
  ready_for_pickup_at timestamptz(3),
  courier_id          text REFERENCES couriers (id),
  picked_up_at        timestamptz(3),
  delivered_at        timestamptz(3),
  version             integer NOT NULL,
  created_at          timestamptz(3) NOT NULL DEFAULT now(),
  updated_at          timestamptz(3) NOT NULL DEFAULT now()
);
-- Deliveries awaiting a courier, in assignment order (DOMAIN §4.1: oldest readyBy first, then id).
CREATE INDEX deliveries_awaiting_courier ON deliveries (ready_by, id) WHERE status = 'PENDING' AND ready_by IS NOT NULL;
