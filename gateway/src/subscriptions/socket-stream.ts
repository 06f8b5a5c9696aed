import type { FormattedExecutionResult } from 'graphql';
import WebSocket from 'ws';

/** Results' JSON by result object: the engine hands one object to every subscriber of a selection. */
const serialized = new WeakMap<FormattedExecutionResult, string>();

function toJson(result: FormattedExecutionResult): string {
  let json = serialized.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    serialized.set(result, json);
  }
  return json;
}

export interface SocketStreamOptions {
  /** The graphql-transport-ws subscription id. */
  id: string;
  socket: WebSocket;
  /** A socket holding more unsent bytes than this is a consumer that cannot keep up: it is closed (1013). */
  maxBufferedBytes: number;
  onEvent(): void;
  onEnd(): void;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };
/** How long a cut-off client has to read its close frame before its socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

/**
 * Closes with `code`, and destroys the socket if the client has not taken the close frame within a second:
 * a client that stopped reading never would, and its unsent bytes would stay until ws's 30 s close timeout.
 */
function cutOff(socket: WebSocket, code: number, reason: string): void {
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}

/**
 * Sends a subscription's results as graphql-transport-ws `next` messages straight to its WebSocket, each
 * result serialised once however many subscribers receive it; returns graphql-ws an iterator that yields
 * nothing and ends when the results do. graphql-ws keeps the protocol (subscribe, complete, errors, close);
 * the fan-out writes the bytes. Per subscriber and event that leaves a string concatenation and a send,
 * where graphql-ws's own `next` path serialised the whole message and awaited the write, per subscriber
 * (the largest costs the fan-out benchmark profiled after the system calls).
 */
export function streamToSocket(results: AsyncIterableIterator<FormattedExecutionResult>, options: SocketStreamOptions): AsyncIterableIterator<never> {
  const { socket, maxBufferedBytes } = options;
  const prefix = `{"id":${JSON.stringify(options.id)},"type":"next","payload":`;
  let end: (result: IteratorReturnResult<undefined>) => void = () => {};
  const ended = new Promise<IteratorReturnResult<undefined>>((resolve) => {
    end = resolve;
  });

  let returned = false;
  void (async () => {
    try {
      for await (const result of results) {
        if (returned || socket.readyState !== WebSocket.OPEN) break;
        socket.send(`${prefix}${toJson(result)}}`);
        options.onEvent();
        if (socket.bufferedAmount > maxBufferedBytes) {
          cutOff(socket, 1013, 'slow consumer: too many unsent events');
          break;
        }
      }
    } catch {
      // A result that cannot be written (it does not serialise): the connection cannot go on consistently.
      cutOff(socket, 1011, 'subscription result could not be sent');
    } finally {
      await results.return?.();
      options.onEnd();
      end(DONE);
    }
  })();

  return {
    next: () => ended,
    // The client completed it (or the socket closed): nothing more is sent for this id.
    return: async () => {
      returned = true;
      await results.return?.();
      return ended;
    },
    throw: async (error: unknown) => {
      returned = true;
      await results.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
