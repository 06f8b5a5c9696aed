-- The platform's tables, created in every service schema (search_path is that schema).
-- Times are timestamptz(3): millisecond precision end to end, as JS Date has.

-- Transactional outbox: written in the same transaction as the state change.
CREATE TABLE outbox (
  seq               bigserial PRIMARY KEY,
  id                uuid NOT NULL UNIQUE,
  subject           text NOT NULL,
  type              text NOT NULL,
  source            text NOT NULL,
  aggregate_type    text NOT NULL,
  aggregate_id      text NOT NULL,
  aggregate_version integer,
  partition         smallint NOT NULL,
  payload           jsonb NOT NULL,
  headers           jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  published_at      timestamptz(3),
  -- Local messaging only: the delivery order, assigned by the one active relay in commit order.
  position          bigint
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX outbox_position ON outbox (position) WHERE position IS NOT NULL;
CREATE SEQUENCE outbox_position_seq;

-- Local messaging: where each subscription reading this outbox stands (every row at or below is done).
CREATE TABLE local_cursors (
  subscription text PRIMARY KEY,
  position     bigint NOT NULL DEFAULT 0
);

-- Inbox: a handled message id per consumer, claimed in the handler's transaction.
CREATE TABLE inbox (
  consumer     text NOT NULL,
  message_id   uuid NOT NULL,
  processed_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_processed_at ON inbox (processed_at);

-- Messages a consumer gave up on (DEAD), and later messages of the same aggregate parked behind them (PARKED).
CREATE TABLE dead_letters (
  id           bigserial PRIMARY KEY,
  consumer     text NOT NULL,
  message_id   uuid NOT NULL,
  aggregate_id text NOT NULL,
  status       text NOT NULL CHECK (status IN ('DEAD', 'PARKED')),
  envelope     jsonb NOT NULL,
  error        text,
  attempts     integer NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  resolved_at  timestamptz(3),
  resolution   text CHECK (resolution IN ('RETRIED', 'DISCARDED'))
);
CREATE INDEX dead_letters_open ON dead_letters (consumer, aggregate_id, id) WHERE resolved_at IS NULL;

-- Event store for event-sourced aggregates.
CREATE TABLE events (
  position    bigserial PRIMARY KEY,
  stream_id   text NOT NULL,
  version     integer NOT NULL,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  metadata    jsonb NOT NULL DEFAULT '{}',
  recorded_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (stream_id, version)
);

CREATE TABLE snapshots (
  stream_id   text PRIMARY KEY,
  version     integer NOT NULL,
  state       jsonb NOT NULL,
  recorded_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Idempotent mutations: the first response per (operation, key) is the answer to every retry.
CREATE TABLE idempotency_keys (
  operation    text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  response     jsonb NOT NULL,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (operation, key)
);
