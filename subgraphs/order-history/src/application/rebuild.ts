import type { Clock, ProjectionRebuilds, ProjectionReplays, RebuildView } from './ports.js';

/** A name no earlier subscription had, so the replay starts from the first event and its inbox is empty. */
export const rebuildSubscription = (startedAt: Date): string => `orders-rebuild-${startedAt.toISOString().replace(/\D/g, '')}`;

/**
 * Rebuilds the projection from scratch: empties it and replays every Order event from the start
 * under a new subscription (README.md, "Rebuilding the projection"). Returns at once with
 * the rebuild's status; `rebuildStatus` tells when it has finished. While it runs the history is
 * incomplete. CONFLICT `a rebuild is already running` while another is unfinished.
 */
export const rebuild = (deps: { rebuilds: ProjectionRebuilds; replays: ProjectionReplays; clock: Clock }) => async (): Promise<RebuildView> => {
  const startedAt = deps.clock.now();
  const subscription = rebuildSubscription(startedAt);
  const started = await deps.rebuilds.begin(subscription, startedAt);
  await deps.replays.replay(subscription);
  return started;
};

/** A rebuild by its subscription name; null when there is none by that name. */
export const rebuildStatus =
  (deps: { rebuilds: ProjectionRebuilds }) =>
  (subscription: string): Promise<RebuildView | null> =>
    deps.rebuilds.find(subscription);
