-- Replicas of other services' data (DOMAIN §1.5). Ids are the source service's, kept as text, so an id
-- the order service did not mint can never be a database error.

-- Full state from RestaurantCreated / RestaurantMenuRevised: applied when version > the stored one.
CREATE TABLE restaurant_replicas (
  restaurant_id text PRIMARY KEY,
  name          text NOT NULL,
  menu          jsonb NOT NULL,
  version       integer NOT NULL
);

-- Folds every Consumer event by the version rule of DOMAIN §0. `addresses` is an ARRAY of
-- {addressId, address}: the consumer's insertion order is kept (a jsonb object would sort its keys).
CREATE TABLE consumer_replicas (
  consumer_id text PRIMARY KEY,
  name        text NOT NULL,
  addresses   jsonb NOT NULL DEFAULT '[]',
  version     integer NOT NULL
);
