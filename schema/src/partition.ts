/** Event subjects end in a partition token so that one aggregate's events stay in order (DESIGN.md). */
export const PARTITIONS = 16;

/** 32-bit FNV-1a over the UTF-8 bytes of `key`. */
export function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export const partitionOf = (aggregateId: string): number => fnv1a(aggregateId) % PARTITIONS;
