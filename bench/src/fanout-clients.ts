/**
 * The fan-out benchmark's clients (fanout.bench.ts), run in a worker thread so their JSON and socket work
 * stays off the gateway's event loop (they still share the process's two cores).
 *
 * Speaks graphql-transport-ws directly on `ws` (no graphql-ws client objects per subscription): opens
 * ceil(N / perConnection) WebSockets, sends N `subscribe` messages spread round-robin over the orders,
 * and per `next` message records the receive time. Events received before the main thread says `live`
 * are replays of rows stored before the subscription (the saga was held); after it, live events, whose
 * delivery latency is receive time − the event's `at`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

export interface ClientsJob {
  url: string;
  orders: string[];
  subscribers: number;
  perConnection: number;
  query: string;
  /** How many connections open at once. */
  connectConcurrency: number;
}

export interface ClientsStatus {
  type: 'status';
  connected: number;
  connectionFailures: number;
  closedEarly: number;
  sent: number;
  received: number;
  firstEvents: number;
  errors: number;
  firstError?: string;
}

export interface ClientsResult {
  type: 'result';
  /** Live events: receive − at, ms. */
  latencies: number[];
  /** Per subscription that got one: its first event's receive time − its subscribe message's send time, ms. */
  firstEventMs: number[];
  replayed: number;
  live: number;
  liveStartedAt: number;
  lastReceivedAt: number;
  /** Events per orderSequence (1..12), over every subscription. */
  bySequence: Record<number, number>;
  completed: number;
  status: ClientsStatus;
}

export type ToClients = { type: 'live' } | { type: 'finish' };
export type FromClients = ClientsStatus | { type: 'live-ack' } | ClientsResult;

interface Sub {
  sentAt: number;
  firstAt: number;
}

interface ProgressPayload {
  data?: { sagaProgress?: { orderSequence: number; kind: string; at: string } } | null;
  errors?: { message: string }[];
}

function run(job: ClientsJob, port: NonNullable<typeof parentPort>): void {
  const sockets: WebSocket[] = [];
  const subs: Sub[] = [];
  const latencies: number[] = [];
  const firstEventMs: number[] = [];
  const bySequence: Record<number, number> = {};
  const status: ClientsStatus = { type: 'status', connected: 0, connectionFailures: 0, closedEarly: 0, sent: 0, received: 0, firstEvents: 0, errors: 0 };
  let live = false;
  let liveStartedAt = 0;
  let lastReceivedAt = 0;
  let replayed = 0;
  let liveCount = 0;
  let completed = 0;
  let finishing = false;
  const noteError = (message: string) => {
    status.errors += 1;
    status.firstError ??= message;
  };

  const connections = Math.ceil(job.subscribers / job.perConnection);
  const openConnection = (c: number): Promise<void> =>
    new Promise((resolve) => {
      const ws = new WebSocket(job.url, 'graphql-transport-ws', { perMessageDeflate: false });
      sockets.push(ws);
      let acked = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      ws.on('error', (error) => {
        if (!acked) {
          status.connectionFailures += 1;
          noteError(`connection ${c}: ${error.message}`);
          resolve();
        }
      });
      ws.on('close', (code, reason) => {
        if (!finishing) {
          status.closedEarly += 1;
          noteError(`connection ${c} closed: ${code} ${reason.toString()}`);
        }
        if (!acked) resolve();
      });
      ws.on('message', (raw) => {
        const message = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: ProgressPayload | { message: string }[] };
        if (message.type === 'connection_ack') {
          acked = true;
          status.connected += 1;
          const from = c * job.perConnection;
          const to = Math.min(job.subscribers, from + job.perConnection);
          for (let i = from; i < to; i++) {
            subs[i] = { sentAt: Date.now(), firstAt: 0 };
            ws.send(
              JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: job.query, variables: { orderId: job.orders[i % job.orders.length] } } }),
            );
            status.sent += 1;
          }
          resolve();
          return;
        }
        if (message.type === 'next') {
          const now = Date.now();
          const payload = message.payload as ProgressPayload;
          const sub = subs[Number(message.id)];
          if (payload.errors?.length) noteError(payload.errors[0].message);
          const progress = payload.data?.sagaProgress;
          if (!progress) return;
          status.received += 1;
          lastReceivedAt = now;
          bySequence[progress.orderSequence] = (bySequence[progress.orderSequence] ?? 0) + 1;
          if (sub && sub.firstAt === 0) {
            sub.firstAt = now;
            status.firstEvents += 1;
            firstEventMs.push(now - sub.sentAt);
          }
          if (progress.kind === 'SAGA_COMPLETED' || progress.kind === 'SAGA_FAILED') completed += 1;
          if (live) {
            liveCount += 1;
            latencies.push(now - Date.parse(progress.at));
          } else replayed += 1;
          return;
        }
        if (message.type === 'error') noteError(JSON.stringify(message.payload).slice(0, 300));
      });
    });

  const statusTimer = setInterval(() => port.postMessage({ ...status }), 250);

  void (async () => {
    let next = 0;
    const lane = async () => {
      while (next < connections) await openConnection(next++);
    };
    await Promise.all(Array.from({ length: Math.min(job.connectConcurrency, connections) }, lane));
  })();

  port.on('message', (message: ToClients) => {
    if (message.type === 'live') {
      live = true;
      liveStartedAt = Date.now();
      port.postMessage({ type: 'live-ack' });
      return;
    }
    finishing = true;
    clearInterval(statusTimer);
    for (const ws of sockets) ws.terminate();
    const result: ClientsResult = {
      type: 'result',
      latencies,
      firstEventMs,
      replayed,
      live: liveCount,
      liveStartedAt,
      lastReceivedAt,
      bySequence,
      completed,
      status: { ...status },
    };
    port.postMessage(result);
    port.close();
  });
}

if (parentPort) run(workerData as ClientsJob, parentPort);
