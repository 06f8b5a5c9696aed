-- DOMAIN §5: the order-history read model, folded from the Order stream by the version rule (§0).
-- consumer_id and restaurant_id are text: they are copied from OrderCreated as they come, and a
-- query for any consumer id (malformed included) must simply find nothing.
CREATE TABLE orders (
  order_id        uuid PRIMARY KEY,
  consumer_id     text NOT NULL,
  restaurant_id   text NOT NULL,
  restaurant_name text NOT NULL,
  line_items      jsonb NOT NULL,
  order_total     integer NOT NULL,
  state           text NOT NULL,
  keywords        text[] NOT NULL,
  -- the order's createdAt from OrderCreated, never projection time
  created_at      timestamptz(3) NOT NULL,
  -- occurredAt of the last applied event
  updated_at      timestamptz(3) NOT NULL,
  -- version of the last applied Order event
  version         integer NOT NULL
);

-- orderHistory(consumerId, ...): createdAt desc, then orderId desc, keyset after a cursor.
CREATE INDEX orders_by_consumer ON orders (consumer_id, created_at DESC, order_id DESC);
-- filter.keywords: `keywords @> $words` (all-match).
CREATE INDEX orders_keywords ON orders USING gin (keywords);
