-- The saga host (DOMAIN §3.1, sagas/README). Every transition commits the instance (optimistic version),
-- its progress rows and their SagaProgressRecorded outbox rows, and the participant command, in one transaction.
CREATE TABLE saga_instances (
  id                  uuid PRIMARY KEY,
  type                text NOT NULL CHECK (type IN ('CreateOrder', 'CancelOrder', 'ReviseOrder')),
  order_id            uuid NOT NULL,
  state               text NOT NULL CHECK (state IN ('RUNNING', 'COMPENSATING', 'COMPLETED', 'COMPENSATED', 'FAILED')),
  -- The awaited step or compensation; null once ended.
  current_step        text,
  data                jsonb NOT NULL,
  version             integer NOT NULL,
  -- The numbers of this saga's last progress row, per saga and per order.
  last_sequence       integer NOT NULL,
  last_order_sequence integer NOT NULL,
  started_at          timestamptz(3) NOT NULL,
  -- The last transition: when the awaited step started (step latency).
  updated_at          timestamptz(3) NOT NULL,
  ended_at            timestamptz(3),
  CHECK ((state IN ('RUNNING', 'COMPENSATING')) = (ended_at IS NULL)),
  CHECK ((state IN ('RUNNING', 'COMPENSATING')) = (current_step IS NOT NULL))
);
-- One CreateOrder saga per order (DOMAIN §3.2).
CREATE UNIQUE INDEX saga_instances_create_order ON saga_instances (type, order_id) WHERE type = 'CreateOrder';
-- Order.sagas, by started_at.
CREATE INDEX saga_instances_order ON saga_instances (order_id, started_at);

-- sequence: 1, 2, 3 … per saga; order_sequence: 1, 2, 3 … per order across its sagas (which never overlap).
CREATE TABLE saga_progress (
  saga_id        uuid NOT NULL REFERENCES saga_instances (id),
  sequence       integer NOT NULL,
  order_id       uuid NOT NULL,
  order_sequence integer NOT NULL,
  saga_type      text NOT NULL,
  kind           text NOT NULL,
  step           text,
  participant    text,
  reason         text,
  at             timestamptz(3) NOT NULL,
  PRIMARY KEY (saga_id, sequence),
  UNIQUE (order_id, order_sequence)
);
