/**
 * Process plumbing of the fan-out benchmark (fanout.bench.ts): the standalone gateway and (distributed
 * mode) the seven service processes as child processes, their Prometheus metrics read over HTTP, and
 * per-process CPU and peak RSS from /proc.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free TCP port on 127.0.0.1 (free when asked; the gateway binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const CLOCK_TICKS = 100; // USER_HZ: what /proc/<pid>/stat counts in on Linux (getconf CLK_TCK)

export interface ProcSample {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssMb: number;
  /** Peak RSS (VmHWM) since the start or the last resetPeak. */
  peakMb: number;
}

/** CPU and memory of a process from /proc (`self` for this one); undefined once it is gone. */
export function procSample(pid: number | 'self'): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state, field 3: utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuSeconds, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Resets VmHWM to the current RSS (`echo 5 > /proc/<pid>/clear_refs`), so a run's peak is its own. */
export function resetPeak(pid: number | 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Busy CPU seconds of the whole machine (every process: Postgres and nats-server too), from /proc/stat. */
export function machineBusySeconds(): number | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = ticks[3] + ticks[4];
    return (total - idle) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition → samples by metric name (no timestamps, no escaped quotes in labels). */
export function parsePrometheus(text: string): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) labels[l[1]] = l[2];
    const list = out.get(m[1]) ?? [];
    list.push({ labels, value: Number(m[3]) });
    out.set(m[1], list);
  }
  return out;
}

export interface GatewayMetrics {
  /** ftgo_gateway_active_subscriptions, summed over transports. */
  active: number;
  /** ftgo_gateway_subscription_fetches_total by subgraph. */
  fetches: Record<string, number>;
  /**
   * prom-client's event-loop lag (monitorEventLoopDelay, 10 ms resolution), over the window since the
   * previous scrape: prom-client resets the histogram at every collection.
   */
  loopLagP99Ms: number;
  loopLagMaxMs: number;
  /** ftgo_gateway_subscription_delivery_seconds: cumulative bucket counts by upper bound (s). */
  delivery: Buckets;
}

/** A Prometheus histogram's cumulative buckets: [upper bound in seconds, count], ascending, +Inf last. */
export type Buckets = [number, number][];

/** The buckets of `after` minus those of `before` (the observations in between). */
export function bucketsBetween(before: Buckets, after: Buckets): Buckets {
  return after.map(([le, count], i) => [le, count - (before[i]?.[1] ?? 0)]);
}

/**
 * The q-quantile of a histogram's observations, in seconds, interpolated linearly inside the bucket it
 * falls in, as Prometheus' histogram_quantile does (so it is an estimate within one bucket's width).
 */
export function histogramQuantile(q: number, buckets: Buckets): number | undefined {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower;
      return lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = le;
    below = count;
  }
  return lower;
}

export interface GatewayProcessOptions {
  /** gateway/dist/src/gateway-main.js */
  main: string;
  /** The directory it runs in (the repository's root: `--supergraph` is relative to it). */
  cwd: string;
  supergraph: string;
  port: number;
  env: Record<string, string>;
}

/**
 * `node gateway/dist/src/gateway-main.js --supergraph ... --port ...`, as users run it, with an IPC
 * channel: gateway-main stops itself when that channel goes away (as under the distributed
 * supervisor), so the gateway cannot outlive the bench, however the bench ends.
 */
export class GatewayProcess {
  exited: string | undefined;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = `gateway exited (${signal ?? `code ${code}`})`;
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: GatewayProcessOptions, readyTimeoutMs = 60_000): Promise<GatewayProcess> {
    const child = fork(options.main, ['--supergraph', options.supergraph, '--port', String(options.port)], {
      cwd: options.cwd,
      env: options.env,
      execArgv: [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const gateway = new GatewayProcess(child, options.port);
    const deadline = Date.now() + readyTimeoutMs;
    let last = '';
    for (;;) {
      if (gateway.exited) throw new Error(`${gateway.exited} before it was ready`);
      try {
        const response = await fetch(`${gateway.base}/readyz`);
        if (response.ok) return gateway;
        last = `${response.status} ${(await response.text()).slice(0, 300)}`;
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() > deadline) {
        await gateway.stop();
        throw new Error(`the gateway was not ready after ${readyTimeoutMs / 1000} s: ${last}`);
      }
      await sleep(100);
    }
  }

  async metrics(): Promise<GatewayMetrics> {
    if (this.exited) throw new Error(this.exited);
    const response = await fetch(`${this.base}/metrics`);
    if (!response.ok) throw new Error(`gateway /metrics: ${response.status}`);
    const samples = parsePrometheus(await response.text());
    const sum = (name: string) => (samples.get(name) ?? []).reduce((a, s) => a + s.value, 0);
    const fetches: Record<string, number> = {};
    for (const s of samples.get('ftgo_gateway_subscription_fetches_total') ?? []) fetches[s.labels.subgraph ?? ''] = s.value;
    return {
      active: sum('ftgo_gateway_active_subscriptions'),
      fetches,
      loopLagP99Ms: sum('nodejs_eventloop_lag_p99_seconds') * 1000,
      loopLagMaxMs: sum('nodejs_eventloop_lag_max_seconds') * 1000,
      delivery: (samples.get('ftgo_gateway_subscription_delivery_seconds_bucket') ?? [])
        .map((b): [number, number] => [b.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(b.labels.le), b.value])
        .sort((a, b) => a[0] - b[0]),
    };
  }

  /** SIGTERM (gateway-main closes and exits), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exited || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }

  /** Synchronous last resort (process 'exit'). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** Event-loop lag of a process from its prom-client metrics (the window since the previous scrape). */
export interface LoopLag {
  p99Ms: number;
  maxMs: number;
}

export interface ServiceProcessesOptions {
  /** gateway/dist/src/distributed/service-main.js */
  main: string;
  cwd: string;
  /** The services to run, one process each. */
  services: readonly string[];
  /** Every child's environment (DATABASE_URL, NATS_URL, FTGO_NAMESPACE, LOG_LEVEL, HOST ...); PORT is set per child. */
  env: Record<string, string>;
}

/** One service as its own process: `node service-main.js <service>` with PORT, HOST and an IPC channel. */
export class ServiceProcess {
  exited: string | undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = `the ${name} service exited (${signal ?? `code ${code}`})`;
    });
    child.on('error', (error) => console.error(`${name} service process:`, error));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get graphqlUrl(): string {
    return `${this.base}/graphql`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** 200 from /healthz: migrated, handlers started, subgraph served, database answering. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  async loopLag(): Promise<LoopLag> {
    const response = await fetch(`${this.base}/metrics`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`${this.name} /metrics: ${response.status}`);
    const samples = parsePrometheus(await response.text());
    const sum = (name: string) => (samples.get(name) ?? []).reduce((a, s) => a + s.value, 0);
    return { p99Ms: sum('nodejs_eventloop_lag_p99_seconds') * 1000, maxMs: sum('nodejs_eventloop_lag_max_seconds') * 1000 };
  }

  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }

  /** SIGTERM (service-main stops its server, handlers, relay and platform), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/**
 * The services of the distributed mode, as `npm run start:distributed` runs them
 * (gateway/src/distributed/topology.ts): `node gateway/dist/src/distributed/service-main.js <service>`,
 * one process per service, each on its own free port of 127.0.0.1, each with an IPC channel:
 * service-main stops itself when that channel goes away, so no service outlives the bench, however
 * the bench ends (SIGKILL included).
 */
export class ServiceProcesses {
  private constructor(readonly list: ServiceProcess[]) {}

  /** Spawns every service at once (they migrate their own schemas); `ready()` waits for them. */
  static async spawn(options: ServiceProcessesOptions): Promise<ServiceProcesses> {
    const ports = new Set<number>();
    while (ports.size < options.services.length) ports.add(await freePort());
    const portList = [...ports];
    const list = options.services.map((name, i) => {
      const child = fork(options.main, [name], {
        cwd: options.cwd,
        env: { ...options.env, PORT: String(portList[i]) },
        execArgv: [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      return new ServiceProcess(name, child, portList[i]);
    });
    return new ServiceProcesses(list);
  }

  /** Resolves once every service answers /healthz; throws if one exits first or `timeoutMs` passes. */
  async ready(timeoutMs = 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(this.list);
    while (pending.size > 0) {
      const dead = this.exited;
      if (dead) throw new Error(`${dead} before it was ready`);
      await Promise.all(
        [...pending].map(async (s) => {
          if (await s.healthy()) pending.delete(s);
        }),
      );
      if (pending.size === 0) return;
      if (Date.now() > deadline)
        throw new Error(`services not ready after ${timeoutMs / 1000} s: ${[...pending].map((s) => `${s.name} (port ${s.port})`).join(', ')}`);
      await sleep(200);
    }
  }

  /** The first service that exited, if any. */
  get exited(): string | undefined {
    return this.list.find((s) => s.exited)?.exited;
  }

  pids(): { name: string; pid: number }[] {
    return this.list.map((s) => ({ name: s.name, pid: s.pid }));
  }

  /** Each service's event-loop lag since the previous call (prom-client resets at every scrape); missing on failure. */
  async loopLag(): Promise<Record<string, LoopLag>> {
    const out: Record<string, LoopLag> = {};
    await Promise.all(
      this.list.map(async (s) => {
        const lag = await s.loopLag().catch(() => undefined);
        if (lag) out[s.name] = lag;
      }),
    );
    return out;
  }

  /** Synchronous last resort (process 'exit', signals). */
  kill(): void {
    for (const s of this.list) s.kill();
  }

  async stop(graceMs = 10_000): Promise<void> {
    await Promise.all(this.list.map((s) => s.stop(graceMs)));
  }
}
