-- The kitchen's own tables (DOMAIN §1.1, §1.6). Tickets themselves live in `events` / `snapshots` (infra).

-- Full-state copies of restaurants, to validate CreateTicket: applied when the event's version is newer (DOMAIN §0).
CREATE TABLE restaurant_replicas (
  restaurant_id uuid PRIMARY KEY,
  name          text NOT NULL,
  menu          jsonb NOT NULL,
  version       integer NOT NULL
);

-- One row per ticket, written in the transaction of every ticket append with the ticket's current state:
-- finds a ticket by order (Order.ticket, DeliveryPickedUp, one ticket per order) and by restaurant (Restaurant.tickets).
CREATE TABLE tickets_index (
  ticket_id     uuid PRIMARY KEY,
  order_id      uuid NOT NULL UNIQUE,
  restaurant_id uuid NOT NULL,
  state         text NOT NULL,
  created_at    timestamptz(3) NOT NULL
);
-- Restaurant.tickets(state): oldest first.
CREATE INDEX tickets_index_restaurant ON tickets_index (restaurant_id, created_at, ticket_id);
