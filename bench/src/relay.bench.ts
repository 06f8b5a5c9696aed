/**
 * Relay benchmark on NATS JetStream (`npm run bench`).
 *
 *   (a) sustained throughput: writers insert outbox rows as fast as they can from several concurrent
 *       transactions while the relay publishes; and the drain rate of a backlog written beforehand.
 *   (b) commit→ack latency at a paced rate: per message, from its transaction's COMMIT returning in
 *       the writer to JetStream's publish ack arriving in the relay (p50/p99/max).
 *
 * The relay is the real one (`Platform.startRelay`, NatsBus sink) in this thread; the writers run in
 * a worker thread (writer.ts). Each phase uses a fresh FTGO_NAMESPACE (its own schema and streams),
 * removed afterwards.
 *
 * Environment: DATABASE_URL, NATS_URL (local defaults), BENCH_MESSAGES, BENCH_WRITERS,
 * BENCH_ROWS_PER_TX, BENCH_RATE, BENCH_SECONDS, BENCH_REPORT (markdown output path), BENCH_ONLY
 * (latency | concurrent | drain: run one phase and print it, no report).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createLogger, ident, loadConfig, type NatsBus, Platform, type Relay } from '@ftgo/infra';
import { freshNamespace } from '@ftgo/infra/testing';
import type { StreamName } from '@ftgo/schema';
import { NOTE, now, type WriterJob, type WriterResult } from './writer.js';

const settings = {
  databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: process.env.NATS_URL || 'nats://127.0.0.1:4222',
  messages: Number(process.env.BENCH_MESSAGES ?? 100_000),
  writers: Number(process.env.BENCH_WRITERS ?? 4),
  rowsPerTx: Number(process.env.BENCH_ROWS_PER_TX ?? 100),
  rate: Number(process.env.BENCH_RATE ?? 1000),
  seconds: Number(process.env.BENCH_SECONDS ?? 20),
  report: process.env.BENCH_REPORT ?? fileURLToPath(new URL('../../reports/relay.md', import.meta.url)),
  only: process.env.BENCH_ONLY as Phase | undefined,
};

type Phase = 'latency' | 'concurrent' | 'drain';
const GOALS = { p99Ms: 10, throughput: 15_000 };
const STREAMS: StreamName[] = ['FTGO_EVENTS', 'FTGO_COMMANDS', 'FTGO_SAGAS'];

interface BatchStats {
  count: number;
  meanSize: number;
  meanMs: number;
}

/** One phase's world: a platform in a fresh namespace, and when each message was picked and acked. */
class Harness {
  readonly schema: string;
  readonly pickedAt = new Map<string, number>();
  readonly ackedAt = new Map<string, number>();
  private readonly batches: { size: number; ms: number }[] = [];
  private relay: Relay | undefined;

  private constructor(readonly platform: Platform) {
    this.schema = platform.schema('order');
    const bus = platform.bus as NatsBus;
    // Ack time per message: wrap the JetStream client the bus's sink publishes with.
    const publish = bus.js.publish.bind(bus.js);
    bus.js.publish = (async (...args: Parameters<typeof publish>) => {
      const ack = await publish(...args);
      const id = args[2]?.msgID;
      if (id) this.ackedAt.set(id, now());
      return ack;
    }) as typeof publish;
    // When the relay hands each row over, and how big and slow its batches are.
    const sinkPublish = bus.sink.publish.bind(bus.sink);
    bus.sink.publish = async (schema, rows, leader) => {
      const started = now();
      for (const row of rows) this.pickedAt.set(row.envelope.id, started);
      await sinkPublish(schema, rows, leader);
      this.batches.push({ size: rows.length, ms: now() - started });
    };
  }

  static async start(): Promise<Harness> {
    const config = loadConfig({
      DATABASE_URL: settings.databaseUrl,
      NATS_URL: settings.natsUrl,
      MESSAGING: 'nats',
      FTGO_NAMESPACE: freshNamespace('bench'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    });
    return new Harness(await Platform.start({ config, services: ['order'], logger: createLogger(config.logLevel, 'bench') }));
  }

  async startRelay(): Promise<void> {
    this.relay = this.platform.startRelay('order');
    const deadline = Date.now() + 10_000;
    while (!this.relay.isLeader) {
      if (Date.now() > deadline) throw new Error('relay did not become leader');
      await sleep(5);
    }
  }

  /** Runs the writers in a worker thread against this phase's schema. */
  write(job: Pick<WriterJob, 'mode' | 'messages'>): Promise<WriterResult> {
    const full: WriterJob = {
      ...job,
      databaseUrl: settings.databaseUrl,
      namespace: this.platform.config.namespace,
      schema: this.schema,
      writers: settings.writers,
      rowsPerTx: settings.rowsPerTx,
      rate: settings.rate,
    };
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./writer.js', import.meta.url), { workerData: full });
      worker.once('message', (m: { ok: true; result: WriterResult } | { ok: false; error: string }) =>
        m.ok ? resolve(m.result) : reject(new Error(`writer failed: ${m.error}`)),
      );
      worker.once('error', reject);
      worker.once('exit', (code) => code !== 0 && reject(new Error(`writer exited with ${code}`)));
    });
  }

  /** When the last of `count` acks arrived. */
  async waitAcked(count: number, timeoutMs = 300_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.ackedAt.size < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.ackedAt.size} of ${count} messages acked`);
      await sleep(1);
    }
    let last = 0;
    for (const t of this.ackedAt.values()) if (t > last) last = t;
    return last;
  }

  /** When no row is left unmarked (published_at set after the ack). */
  async waitMarked(timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await this.platform.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(this.schema)}.outbox WHERE published_at IS NULL`);
      if (rows[0].n === 0) return now();
      if (Date.now() > deadline) throw new Error(`${rows[0].n} rows still unmarked`);
      await sleep(5);
    }
  }

  batchStats(): BatchStats {
    const count = this.batches.length;
    return {
      count,
      meanSize: count ? this.batches.reduce((s, b) => s + b.size, 0) / count : 0,
      meanMs: count ? this.batches.reduce((s, b) => s + b.ms, 0) / count : 0,
    };
  }

  /** Removes the namespace's schema and streams, then closes everything. */
  async close(): Promise<void> {
    await this.relay?.stop();
    const bus = this.platform.bus as NatsBus;
    await this.platform.db.query(`DROP SCHEMA IF EXISTS ${ident(this.schema)} CASCADE`);
    for (const stream of STREAMS) await bus.jsm.streams.delete(this.platform.config.naming.stream(stream)).catch(() => {});
    await this.platform.close();
  }
}

async function phase<T>(run: (h: Harness) => Promise<T>): Promise<T> {
  const h = await Harness.start();
  try {
    return await run(h);
  } finally {
    await h.close();
  }
}

interface Throughput {
  messages: number;
  writeSeconds: number;
  ackSeconds: number;
  markSeconds: number;
  batches: BatchStats;
}

/** Writers as fast as they can, several transactions at once, while the relay publishes. */
const concurrentThroughput = () =>
  phase<Throughput>(async (h) => {
    await h.startRelay();
    const written = await h.write({ mode: 'burst', messages: settings.messages });
    const acked = await h.waitAcked(settings.messages);
    const marked = await h.waitMarked();
    return {
      messages: settings.messages,
      writeSeconds: (written.endedAt - written.startedAt) / 1000,
      ackSeconds: (acked - written.startedAt) / 1000,
      markSeconds: (marked - written.startedAt) / 1000,
      batches: h.batchStats(),
    };
  });

/** A backlog written with no relay running, then drained: the relay's own ceiling. */
const drainThroughput = () =>
  phase<Throughput>(async (h) => {
    const written = await h.write({ mode: 'burst', messages: settings.messages });
    await h.platform.db.query(`VACUUM ANALYZE ${ident(h.schema)}.outbox`);
    const started = now();
    await h.startRelay();
    const acked = await h.waitAcked(settings.messages);
    const marked = await h.waitMarked();
    return {
      messages: settings.messages,
      writeSeconds: (written.endedAt - written.startedAt) / 1000,
      ackSeconds: (acked - started) / 1000,
      markSeconds: (marked - started) / 1000,
      batches: h.batchStats(),
    };
  });

interface Latency {
  messages: number;
  seconds: number;
  commitToAck: Percentiles;
  commitToPicked: Percentiles;
  pickedToAck: Percentiles;
  over10ms: number;
  batches: BatchStats;
}

/** One message per transaction at `settings.rate` for `settings.seconds`; commit→ack per message. */
const pacedLatency = () =>
  phase<Latency>(async (h) => {
    await h.startRelay();
    const total = settings.rate * settings.seconds;
    const written = await h.write({ mode: 'paced', messages: total });
    await h.waitAcked(total);
    await h.waitMarked();
    const commitToAck: number[] = [];
    const commitToPicked: number[] = [];
    const pickedToAck: number[] = [];
    for (const [id, commit] of written.committed) {
      const picked = h.pickedAt.get(id);
      const acked = h.ackedAt.get(id);
      if (picked === undefined || acked === undefined) throw new Error(`message ${id} was committed but never published`);
      commitToAck.push(acked - commit);
      commitToPicked.push(picked - commit);
      pickedToAck.push(acked - picked);
    }
    return {
      messages: total,
      seconds: (written.endedAt - written.startedAt) / 1000,
      commitToAck: percentiles(commitToAck),
      commitToPicked: percentiles(commitToPicked),
      pickedToAck: percentiles(pickedToAck),
      over10ms: commitToAck.filter((ms) => ms > 10).length,
      batches: h.batchStats(),
    };
  });

interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), p999: at(0.999), max: sorted[sorted.length - 1] };
}

/** Other work on the machine skews every figure here: the report says how busy it was. */
const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

const ms = (v: number) => `${v.toFixed(2)} ms`;
const perSecond = (n: number, s: number) => `${Math.round(n / s).toLocaleString('en-US')} msg/s`;
const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

const machine = (): Promise<Record<string, string>> =>
  phase(async (h) => {
    const { rows } = await h.platform.db.query<{ version: string; sync: string }>('SELECT version() AS version, current_setting($1) AS sync', [
      'synchronous_commit',
    ]);
    const cpu = os.cpus();
    return {
      date: new Date().toISOString(),
      cpus: `${cpu.length} × ${cpu[0]?.model ?? 'unknown'}`,
      memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      os: `${os.type()} ${os.release()} (${os.arch()})`,
      node: process.version,
      postgres: `${rows[0].version.split(',')[0]} (synchronous_commit=${rows[0].sync})`,
      nats: `nats-server ${(h.platform.bus as NatsBus).nc.info?.version ?? '?'} (JetStream, file storage)`,
      'load average before (1/5/15 min)': loadAverage(),
      'bench settings': `${settings.messages} messages, ${settings.writers} writers × ${settings.rowsPerTx} rows per transaction; ${settings.rate} msg/s for ${settings.seconds} s`,
    };
  });

/** A markdown table with padded columns, as the repository's formatter (biome) writes them. */
function table(header: string[], rows: string[][]): string {
  const width = (text: string) => [...text].length;
  const widths = header.map((h, c) => Math.max(3, width(h), ...rows.map((r) => width(r[c]))));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell + ' '.repeat(widths[c] - width(cell))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function report(facts: Record<string, string>, concurrent: Throughput, drain: Throughput, latency: Latency): string {
  const throughputOk = concurrent.messages / concurrent.ackSeconds >= GOALS.throughput;
  const latencyOk = latency.commitToAck.p99 <= GOALS.p99Ms;
  const percentileRow = (name: string, p: Percentiles) => [name, ms(p.p50), ms(p.p90), ms(p.p99), ms(p.p999), ms(p.max)];
  const batch = (b: BatchStats) => `${b.count} batches, mean ${b.meanSize.toFixed(1)} rows, mean ${ms(b.meanMs)} from hand-over to the last ack`;
  const throughputRow = (name: string, t: Throughput) => [
    name,
    `${perSecond(t.messages, t.writeSeconds)} (${t.writeSeconds.toFixed(2)} s)`,
    `${perSecond(t.messages, t.ackSeconds)} (${t.ackSeconds.toFixed(2)} s)`,
    `${t.markSeconds.toFixed(2)} s`,
  ];
  return `# Relay benchmark

Generated by \`npm run bench\` (bench/src/relay.bench.ts); see bench/README.md for the method and the analysis.
The relay under test is \`infra/src/messaging/relay.ts\` publishing through \`NatsBus\` to JetStream, as
\`Platform.startRelay\` runs it, in the main thread; the writers run in a worker thread.

## Machine

${Object.entries(facts)
  .map(([k, v]) => `- ${k}: ${v}`)
  .join('\n')}

## Goals

${table(
  ['goal', 'target', 'measured', ''],
  [
    [
      'sustained throughput (writers + relay together)',
      `≥ ${GOALS.throughput.toLocaleString('en-US')} msg/s`,
      perSecond(concurrent.messages, concurrent.ackSeconds),
      verdict(throughputOk),
    ],
    [`commit→ack p99 at ${settings.rate} msg/s`, `≤ ${GOALS.p99Ms} ms`, ms(latency.commitToAck.p99), verdict(latencyOk)],
  ],
)}

## (a) Throughput

${settings.messages.toLocaleString('en-US')} outbox rows with ~${NOTE.length + 40}-byte payloads, ${settings.writers} concurrent writer transactions of ${settings.rowsPerTx} rows.
Published = the last JetStream ack, counted from the first write (writers and relay at once) or from the relay's start (drain).

${table(
  ['run', 'writes', 'published (acked)', 'all rows marked'],
  [throughputRow('writers and relay at once', concurrent), throughputRow('backlog drain (relay alone)', drain)],
)}

- writers and relay: ${batch(concurrent.batches)}
- backlog drain: ${batch(drain.batches)}

## (b) Latency at a paced ${settings.rate} msg/s

${latency.messages.toLocaleString('en-US')} messages, one per transaction, over ${latency.seconds.toFixed(1)} s (${Math.round(latency.messages / latency.seconds)} msg/s achieved).
Commit = the writer's COMMIT returned; picked = the relay handed the row to the sink; ack = JetStream's publish ack arrived.

${table(
  ['interval', 'p50', 'p90', 'p99', 'p99.9', 'max'],
  [
    percentileRow('commit → ack', latency.commitToAck),
    percentileRow('commit → picked', latency.commitToPicked),
    percentileRow('picked → ack', latency.pickedToAck),
  ],
)}

- ${latency.over10ms} of ${latency.messages} messages (${((100 * latency.over10ms) / latency.messages).toFixed(2)} %) took more than 10 ms
- ${batch(latency.batches)}
`;
}

async function main(): Promise<void> {
  console.log(`relay bench: ${settings.natsUrl}, ${settings.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`);
  const phases: Record<Phase, () => Promise<unknown>> = { latency: pacedLatency, concurrent: concurrentThroughput, drain: drainThroughput };
  if (settings.only) {
    // One phase alone (e.g. under a profiler): prints its figures, writes no report.
    if (!phases[settings.only]) throw new Error(`BENCH_ONLY must be latency, concurrent or drain, got "${settings.only}"`);
    console.dir(await phases[settings.only](), { depth: 3 });
    return;
  }
  const facts = await machine();
  console.log('(b) paced latency ...');
  const latency = await pacedLatency();
  console.log('(a) throughput, writers and relay at once ...');
  const concurrent = await concurrentThroughput();
  console.log('(a) throughput, backlog drain ...');
  const drain = await drainThroughput();

  console.table({
    'throughput: writers + relay': { value: perSecond(concurrent.messages, concurrent.ackSeconds), goal: `>= ${GOALS.throughput} msg/s` },
    'throughput: writes alone': { value: perSecond(concurrent.messages, concurrent.writeSeconds), goal: '' },
    'throughput: backlog drain': { value: perSecond(drain.messages, drain.ackSeconds), goal: '' },
    [`latency @${settings.rate}/s commit→ack p50`]: { value: ms(latency.commitToAck.p50), goal: '' },
    [`latency @${settings.rate}/s commit→ack p99`]: { value: ms(latency.commitToAck.p99), goal: `<= ${GOALS.p99Ms} ms` },
    [`latency @${settings.rate}/s commit→ack max`]: { value: ms(latency.commitToAck.max), goal: '' },
    'latency: commit→picked p99': { value: ms(latency.commitToPicked.p99), goal: '' },
    'latency: picked→ack p99': { value: ms(latency.pickedToAck.p99), goal: '' },
  });
  await mkdir(path.dirname(settings.report), { recursive: true });
  facts['load average after (1/5/15 min)'] = loadAverage();
  await writeFile(settings.report, report(facts, concurrent, drain, latency));
  console.log(`report written to ${settings.report}`);
}

await main();
