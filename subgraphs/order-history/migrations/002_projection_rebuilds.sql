-- Rebuilds of the projection (README.md, "Rebuilding the projection"). A rebuild empties
-- `orders` and replays the Order stream from the start under a new subscription name; it is
-- finished when every order the projection held has come back at least at the version it had.
CREATE TABLE projection_rebuilds (
  subscription  text PRIMARY KEY,
  started_at    timestamptz(3) NOT NULL,
  finished_at   timestamptz(3),
  target_orders integer NOT NULL
);
-- One rebuild at a time.
CREATE UNIQUE INDEX projection_rebuilds_one_running ON projection_rebuilds ((true)) WHERE finished_at IS NULL;

-- What an unfinished rebuild still waits for; rows leave as the replay reaches them.
CREATE TABLE projection_rebuild_targets (
  subscription text NOT NULL REFERENCES projection_rebuilds ON DELETE CASCADE,
  order_id     uuid NOT NULL,
  version      integer NOT NULL,
  PRIMARY KEY (subscription, order_id)
);
