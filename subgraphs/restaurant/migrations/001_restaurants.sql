-- DOMAIN §1.4: Restaurant is a plain table; its events go to the outbox in the same transaction,
-- with aggregate version = the row's version (1 on creation, +1 per menu revision).
CREATE TABLE restaurants (
  id         uuid PRIMARY KEY,
  name       text NOT NULL,
  address    jsonb NOT NULL,
  menu       jsonb NOT NULL,
  version    integer NOT NULL CHECK (version >= 1),
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL
);

-- `restaurants(first, after)`: keyset by lower-cased name, then id. COLLATE "C" compares code points,
-- as the domain's JS comparison does, whatever the database's collation.
CREATE INDEX restaurants_by_name ON restaurants ((lower(name) COLLATE "C"), id);
