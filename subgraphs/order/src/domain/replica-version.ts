/** What a replica does with an event at `version`, given the version it last applied (0 = no row). */
export type ReplicaVerdict = 'ignore' | 'apply' | 'later';

/**
 * DOMAIN §0, folding: `v ≤ last` ignore; `v = last+1` apply; `v > last+1` (or no row and `v > 1`)
 * later: the message stays unacknowledged and comes back once the gap is filled.
 */
export function foldingVerdict(lastVersion: number, version: number): ReplicaVerdict {
  if (version <= lastVersion) return 'ignore';
  return version === lastVersion + 1 ? 'apply' : 'later';
}

/** DOMAIN §0: full-state copies (restaurant replicas) apply any version newer than the last. */
export const fullStateVerdict = (lastVersion: number, version: number): ReplicaVerdict => (version > lastVersion ? 'apply' : 'ignore');
