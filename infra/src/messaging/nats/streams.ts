import type { Naming, StreamName } from '@ftgo/schema';
import { type JetStreamManager, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

const DAY_MS = 24 * 60 * 60 * 1000;

/** DESIGN: events kept forever (a projection can replay from sequence 1); commands and saga traffic 7 days. */
const MAX_AGE_MS: Record<StreamName, number> = { FTGO_EVENTS: 0, FTGO_COMMANDS: 7 * DAY_MS, FTGO_SAGAS: 7 * DAY_MS };

/** The `Nats-Msg-Id` window in which a republished message is dropped as a duplicate. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export function streamConfig(naming: Naming, name: StreamName): Partial<StreamConfig> & { name: string; subjects: string[] } {
  return {
    name: naming.stream(name),
    subjects: naming.streamSubjects(name),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    max_age: nanos(MAX_AGE_MS[name]),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  };
}

/** Creates the three streams, or brings their subjects and limits up to date; safe to run at every start. */
export async function ensureStreams(jsm: JetStreamManager, naming: Naming): Promise<void> {
  for (const name of ['FTGO_EVENTS', 'FTGO_COMMANDS', 'FTGO_SAGAS'] as const) {
    const config = streamConfig(naming, name);
    try {
      await jsm.streams.info(config.name);
      await jsm.streams.update(config.name, config);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await jsm.streams.add(config);
      } catch (raced) {
        // Another process created it between our info and add.
        if (!/already in use|already exists/i.test(String(raced))) throw raced;
      }
    }
  }
}

export const isNotFound = (error: unknown): boolean => /not found/i.test(String((error as Error)?.message ?? error));
