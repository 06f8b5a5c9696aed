import type { Duplex } from 'node:stream';
import WebSocket from 'ws';

type SendCallback = (error?: Error) => void;
type SendOptions = Exclude<Parameters<WebSocket['send']>[1], SendCallback | undefined>;

/**
 * A server-side WebSocket whose messages sent in one tick leave in one write. One saga event fans out to
 * every subscription of its order at once; a client multiplexing many subscriptions on one socket would
 * otherwise cost one `writev` system call per message (the largest single cost the fan-out benchmark
 * profiled). The socket is corked on the first send of a tick and uncorked on the next one, as Node
 * recommends for batching writes; nothing waits longer than the current tick.
 */
export class BatchingWebSocket extends WebSocket {
  private raw: Duplex | undefined;
  private corked = false;

  /** The upgraded HTTP socket this WebSocket writes to (given by the server's upgrade handler). */
  writesTo(raw: Duplex): void {
    this.raw = raw;
  }

  override send(data: Parameters<WebSocket['send']>[0], optionsOrCallback?: SendOptions | SendCallback, callback?: SendCallback): void {
    const raw = this.raw;
    if (raw && !this.corked && this.readyState === WebSocket.OPEN) {
      this.corked = true;
      raw.cork();
      process.nextTick(() => {
        this.corked = false;
        raw.uncork();
      });
    }
    if (typeof optionsOrCallback === 'function') super.send(data, optionsOrCallback);
    else super.send(data, optionsOrCallback ?? {}, callback);
  }
}
