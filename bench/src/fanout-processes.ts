/**
 * Process plumbing of the fan-out benchmark (fanout.bench.ts): the standalone gateway as a child
 * process, its Prometheus metrics read over HTTP, and per-process CPU and peak RSS from /proc.
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
