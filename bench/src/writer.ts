/**
 * The benchmark's writers, in a worker thread so their work does not share the relay's event loop
 * (they share the machine's cores with it, Postgres and NATS, as a service's handlers would).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { Database, MessageFactory, Outbox } from '@ftgo/infra';
import { type Envelope, Naming } from '@ftgo/schema';

export interface WriterJob {
  databaseUrl: string;
  namespace: string;
  schema: string;
  /** burst: `messages` rows, `rowsPerTx` per transaction, `writers` transactions at once, as fast as possible. */
  mode: 'burst' | 'paced';
  messages: number;
  writers: number;
  rowsPerTx: number;
  /** paced: one message per transaction at `rate` per second until `messages` are written. */
  rate: number;
}

export interface WriterResult {
  /** Epoch milliseconds (sub-millisecond precision): comparable across threads. */
  startedAt: number;
  endedAt: number;
  /** paced only: [message id, when its COMMIT returned]. */
  committed: [string, number][];
}

/** Wall-clock milliseconds with performance.now()'s resolution, the same clock in every thread. */
export const now = (): number => performance.timeOrigin + performance.now();

export const NOTE = 'x'.repeat(120);
const AGGREGATES = Array.from({ length: 1000 }, () => randomUUID());

async function run(job: WriterJob): Promise<WriterResult> {
  const db = new Database(job.databaseUrl, { max: job.writers + 2, applicationName: 'ftgo-bench-writer' });
  const outbox = new Outbox(job.schema);
  const messages = new MessageFactory(new Naming(job.namespace), 'order');
  let version = 0;
  const envelopes = (count: number): Envelope[] =>
    Array.from({ length: count }, () => {
      const n = version++;
      return messages.eventNamed('BenchItem', 'BenchHappened', { id: AGGREGATES[n % AGGREGATES.length], version: n + 1 }, { n, note: NOTE });
    });
  const write = async (batch: Envelope[]): Promise<number> => {
    await db.transaction((tx) => outbox.append(tx, batch));
    return now();
  };
  try {
    const startedAt = now();
    const committed: [string, number][] = [];
    if (job.mode === 'burst') {
      let claimed = 0;
      await Promise.all(
        Array.from({ length: job.writers }, async () => {
          while (claimed < job.messages) {
            const count = Math.min(job.rowsPerTx, job.messages - claimed);
            claimed += count;
            await write(envelopes(count));
          }
        }),
      );
    } else {
      const inFlight = new Set<Promise<void>>();
      let issued = 0;
      while (issued < job.messages) {
        const due = Math.min(job.messages, Math.floor(((now() - startedAt) / 1000) * job.rate));
        for (; issued < due; issued++) {
          const [envelope] = envelopes(1);
          const work: Promise<void> = write([envelope]).then((at) => {
            committed.push([envelope.id, at]);
            inFlight.delete(work);
          });
          inFlight.add(work);
        }
        await sleep(1);
      }
      await Promise.all(inFlight);
    }
    return { startedAt, endedAt: now(), committed };
  } finally {
    await db.close();
  }
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData as WriterJob).then(
    (result) => port.postMessage({ ok: true, result }),
    (error: unknown) => port.postMessage({ ok: false, error: String((error as Error)?.stack ?? error) }),
  );
}
