import { fork, type ChildProcess as NodeChild } from 'node:child_process';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { MessagingKind } from '../../src/config.js';
import type { SubscriptionSpec } from '../../src/messaging/port.js';

/** What ./crash-child.ts is told to be. */
export interface ChildOrders {
  kind: MessagingKind;
  namespace: string;
  services: string[];
  role: 'relay' | 'consumer';
  /** relay: whose outbox. */
  service?: string;
  /** consumer: what to subscribe, and where to hang inside the handler's transaction. */
  spec?: SubscriptionSpec;
  blockAt?: { aggregateId: string; version: number };
}

export interface ChildMessage {
  type: string;
  id?: string;
  version?: number | null;
}

const SCRIPT = fileURLToPath(new URL('./crash-child.js', import.meta.url));

/** Another process of the deployment under test, to be killed with SIGKILL (no clean shutdown of anything). */
export class ChildProcess {
  readonly messages: ChildMessage[] = [];
  private readonly waiters = new Set<() => void>();
  private exited: Promise<void>;

  private constructor(private readonly process: NodeChild) {
    process.on('message', (message) => {
      this.messages.push(message as ChildMessage);
      for (const wake of this.waiters) wake();
    });
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
  }

  /** Started with the test's environment (DATABASE_URL, NATS_URL); killed when the test ends if still alive. */
  static start(t: TestContext, orders: ChildOrders): ChildProcess {
    const child = new ChildProcess(fork(SCRIPT, [JSON.stringify(orders)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    t.after(() => child.kill());
    return child;
  }

  /** The first message of `type` (already received or still to come). */
  waitFor(type: string, timeoutMs = 20_000): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.find((m) => m.type === type);
        if (!found) return false;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`child process did not report "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  count(type: string): number {
    return this.messages.filter((m) => m.type === type).length;
  }

  /** SIGKILL, and wait until the process is gone. */
  async kill(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exited;
  }
}
