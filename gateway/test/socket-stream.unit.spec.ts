import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FormattedExecutionResult } from 'graphql';
import WebSocket, { WebSocketServer } from 'ws';
import { BatchingWebSocket } from '../src/subscriptions/batching-socket.js';
import { Channel } from '../src/subscriptions/channel.js';
import { streamToSocket } from '../src/subscriptions/socket-stream.js';

/** A real WebSocket pair over loopback: the server end is the gateway's BatchingWebSocket. */
class SocketPair {
  private constructor(
    readonly server: BatchingWebSocket,
    readonly client: WebSocket,
    readonly received: unknown[],
  ) {}

  static async open(url: string, wss: WebSocketServer): Promise<SocketPair> {
    const accepted = once(wss, 'connection') as Promise<[BatchingWebSocket]>;
    const client = new WebSocket(url);
    const received: unknown[] = [];
    client.on('message', (data) => received.push(JSON.parse(String(data))));
    await once(client, 'open');
    const [server] = await accepted;
    return new SocketPair(server, client, received);
  }

  async receive(count: number): Promise<unknown[]> {
    while (this.received.length < count) await new Promise((resolve) => this.client.once('message', resolve));
    return this.received;
  }
}

describe('subscription results written to a WebSocket (streamToSocket)', () => {
  let http: Server;
  let wss: WebSocketServer;
  let url: string;
  before(async () => {
    http = createServer();
    wss = new WebSocketServer({ noServer: true, WebSocket: BatchingWebSocket });
    http.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        (ws as BatchingWebSocket).writesTo(socket);
        wss.emit('connection', ws, req);
      }),
    );
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
    http.close();
  });

  const options = (id: string, socket: WebSocket, ended: () => void = () => {}) => ({
    id,
    socket,
    maxBufferedBytes: 1 << 20,
    onEvent: () => {},
    onEnd: ended,
  });

  it('sends graphql-transport-ws next messages, serialising a result shared by many subscriptions once', async () => {
    const pair = await SocketPair.open(url, wss);
    let serialisations = 0;
    const shared = {
      data: { sagaProgress: { orderSequence: 1, kind: 'SAGA_STARTED' } },
      toJSON() {
        serialisations += 1;
        return { data: this.data };
      },
    } as FormattedExecutionResult;
    const first = new Channel<FormattedExecutionResult>(() => {});
    const second = new Channel<FormattedExecutionResult>(() => {});
    streamToSocket(first, options('1', pair.server));
    streamToSocket(second, options('two"quoted', pair.server));
    first.push(shared);
    second.push(shared);

    const messages = await pair.receive(2);
    assert.deepEqual(
      messages.sort((a, b) => String((a as { id: string }).id).localeCompare((b as { id: string }).id)),
      [
        { id: '1', type: 'next', payload: { data: { sagaProgress: { orderSequence: 1, kind: 'SAGA_STARTED' } } } },
        { id: 'two"quoted', type: 'next', payload: { data: { sagaProgress: { orderSequence: 1, kind: 'SAGA_STARTED' } } } },
      ],
    );
    assert.equal(serialisations, 1);
    pair.client.close();
  });

  it('ends when the results end, and stops the results when graphql-ws returns it (the client completed)', async () => {
    const pair = await SocketPair.open(url, wss);
    let ends = 0;
    const finished = new Channel<FormattedExecutionResult>(() => {});
    const stream = streamToSocket(
      finished,
      options('a', pair.server, () => ends++),
    );
    const waiting = stream.next();
    finished.push({ data: { n: 1 } });
    finished.end();
    assert.deepEqual(await waiting, { value: undefined, done: true });
    assert.deepEqual(await pair.receive(1), [{ id: 'a', type: 'next', payload: { data: { n: 1 } } }]);

    let stopped = false;
    const open = new Channel<FormattedExecutionResult>(() => {
      stopped = true;
    });
    const completed = streamToSocket(
      open,
      options('b', pair.server, () => ends++),
    );
    assert.deepEqual(await completed.return?.(), { value: undefined, done: true });
    assert.equal(stopped, true);
    assert.equal(ends, 2);
    pair.client.close();
  });

  it('sends nothing more once graphql-ws has returned it, not even a result already handed over', async () => {
    const pair = await SocketPair.open(url, wss);
    const results = new Channel<FormattedExecutionResult>(() => {});
    const stream = streamToSocket(results, options('gone', pair.server));
    results.push({ data: { late: true } });
    await stream.return?.();
    results.push({ data: { later: true } });
    const marker = new Channel<FormattedExecutionResult>(() => {});
    streamToSocket(marker, options('marker', pair.server));
    marker.push({ data: { marker: true } });
    assert.deepEqual(await pair.receive(1), [{ id: 'marker', type: 'next', payload: { data: { marker: true } } }]);
    pair.client.close();
  });

  it('closes the socket of a client that cannot keep up (1013) and stops its results', async () => {
    const pair = await SocketPair.open(url, wss);
    let stopped = false;
    const results = new Channel<FormattedExecutionResult>(() => {
      stopped = true;
    });
    const stream = streamToSocket(results, { ...options('slow', pair.server), maxBufferedBytes: 0 });
    const closed = once(pair.client, 'close') as Promise<[number, Buffer]>;
    results.push({ data: { big: 'x'.repeat(1024) } });
    assert.deepEqual(await stream.next(), { value: undefined, done: true });
    const [code, reason] = await closed;
    assert.equal(code, 1013);
    assert.match(String(reason), /slow consumer/);
    assert.equal(stopped, true);
  });
});
