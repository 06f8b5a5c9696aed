import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { formatLogLine } from './log-format.js';

/** A child process to run and keep running. */
export interface ChildSpec {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  /** Stopped before the others (the gateway: no more requests before the services go). */
  stopFirst?: boolean;
}

/** How a child ended: its exit code, or the signal that ended it, or why it could not start. */
export interface ChildExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

/** Why the supervisor finished: it was asked to stop, or a child exited by itself first. */
export type SupervisorOutcome = { reason: 'stopped' } | { reason: 'child-exited'; exit: ChildExit };

export interface SupervisorOptions {
  /** Where lines go; default stdout. */
  write?: (line: string) => void;
  /** Children's lines untouched (pino JSON), only prefixed; default: one short line per record. */
  raw?: boolean;
  /** ANSI colours for the prefixes. */
  color?: boolean;
  /** How long a child has between SIGTERM and SIGKILL (default 10 s). */
  graceMs?: number;
  /** The children's names, known up front so that every prefix, the first included, has one width. */
  names?: readonly string[];
}

interface Child {
  spec: ChildSpec;
  process: ChildProcess;
  closed: Promise<ChildExit>;
}

const COLORS = [36, 33, 35, 32, 34, 91, 96, 93, 95];

export const describeExit = (exit: ChildExit): string =>
  exit.error ? `could not start (${exit.error.message})` : exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;

/**
 * Runs child processes side by side, their output prefixed with their names (`[kitchen] …`). Each
 * child gets an IPC channel, so a child that watches it (`process.on('disconnect')`) stops when the
 * supervisor is gone, however it went. `stop()` sends SIGTERM (the `stopFirst` children first, then
 * the rest in parallel) and SIGKILL to any child still there after the grace period. A child that
 * exits by itself is reported and the others are stopped: one broken part stops the whole.
 */
export class ProcessSupervisor {
  private readonly children: Child[] = [];
  private readonly write: (line: string) => void;
  private width = 'supervisor'.length;
  private colorIndex = 0;
  private stopping: Promise<void> | undefined;
  private firstExit: ChildExit | undefined;
  private resolveDone!: (outcome: SupervisorOutcome) => void;
  /** Settles once every child is gone: after `stop()`, or after a child exited by itself and the others were stopped. */
  readonly done: Promise<SupervisorOutcome>;

  constructor(private readonly options: SupervisorOptions = {}) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.width = Math.max(this.width, ...(options.names ?? []).map((name) => name.length));
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  start(specs: readonly ChildSpec[]): void {
    this.width = Math.max(this.width, ...specs.map((s) => s.name.length));
    for (const spec of specs) this.spawn(spec);
  }

  /** Each child's process id (undefined when it could not be spawned). */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries(this.children.map((c) => [c.spec.name, c.process.pid]));
  }

  /** A line of the supervisor's own. */
  log(message: string): void {
    this.write(`${this.prefix('supervisor', 1)}${message}`);
  }

  /** Stops every child (idempotent); resolves when all are gone. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.terminate(this.children.filter((c) => c.spec.stopFirst));
      await this.terminate(this.children.filter((c) => !c.spec.stopFirst));
      await Promise.all(this.children.map((c) => c.closed));
      this.resolveDone(this.firstExit ? { reason: 'child-exited', exit: this.firstExit } : { reason: 'stopped' });
    })();
    return this.stopping;
  }

  /** SIGKILL to every child still running, now (a second Ctrl-C). */
  kill(): void {
    for (const child of this.children) if (running(child)) child.process.kill('SIGKILL');
  }

  private prefix(name: string, color = COLORS[this.colorIndex++ % COLORS.length]): string {
    const label = `[${name}]`.padEnd(this.width + 2);
    return this.options.color ? `\x1b[${color}m${label}\x1b[0m ` : `${label} `;
  }

  private spawn(spec: ChildSpec): void {
    const child = spawn(spec.command, [...spec.args], { env: spec.env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const prefix = this.prefix(spec.name);
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
        this.write(prefix + (this.options.raw ? line : formatLogLine(line))),
      );
    }
    const closed = new Promise<ChildExit>((resolve) => {
      // 'error' without a pid: the process never started (no 'close' may follow).
      child.once('error', (error) => {
        if (child.pid === undefined) resolve({ name: spec.name, code: null, signal: null, error });
      });
      child.once('close', (code, signal) => resolve({ name: spec.name, code, signal }));
    });
    const entry: Child = { spec, process: child, closed };
    this.children.push(entry);
    if (child.pid !== undefined) this.log(`started ${spec.name} (pid ${child.pid})`);
    void closed.then((exit) => this.exited(exit));
  }

  private exited(exit: ChildExit): void {
    if (this.stopping) {
      this.log(`${exit.name} stopped${exit.code === 0 ? '' : ` (${describeExit(exit)})`}`);
      return;
    }
    this.firstExit = exit;
    this.log(`${exit.name} ${describeExit(exit)}; stopping the others`);
    void this.stop();
  }

  private async terminate(children: readonly Child[]): Promise<void> {
    const graceMs = this.options.graceMs ?? 10_000;
    await Promise.all(
      children.map(async (child) => {
        if (!running(child)) return child.closed;
        child.process.kill('SIGTERM');
        const timer = setTimeout(() => {
          if (!running(child)) return;
          this.log(`${child.spec.name} did not stop within ${graceMs / 1000} s; killing it`);
          child.process.kill('SIGKILL');
        }, graceMs);
        try {
          await child.closed;
        } finally {
          clearTimeout(timer);
        }
      }),
    );
  }
}

const running = (child: Child): boolean => child.process.pid !== undefined && child.process.exitCode === null && child.process.signalCode === null;
