import type { LiveStream } from './ports.js';

/**
 * A subscription's event stream: `events` reads `live`. When the client goes away (`return()`), the live
 * stream is closed first, so a read waiting for the next live message ends at once and the generator can
 * finish; an async generator's own `return()` would wait behind that read, possibly forever.
 */
export function closingLive<T>(live: LiveStream<unknown>, events: AsyncGenerator<T, void, undefined>): AsyncIterableIterator<T> {
  return {
    next: () => events.next(),
    return: async () => {
      await live.close();
      return events.return(undefined);
    },
    throw: async (error?: unknown) => {
      await live.close();
      return events.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
