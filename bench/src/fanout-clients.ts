/**
 * The fan-out benchmark's clients (fanout.bench.ts): a child process of the bench (child_process.fork,
 * `serialization: 'advanced'`), so their JSON and socket work runs neither on the gateway's event loop
 * nor on the services'. All three processes share the machine's cores.
 *
 * Speaks graphql-transport-ws directly on `ws` (no graphql-ws client objects per subscription). Driven
 * by IPC, one wave at a time:
 * - `wave`: opens ceil(subscribers / perConnection) NEW WebSockets and sends the wave's `subscribe`
 *   messages, spread round-robin over the wave's orders; earlier waves' sockets and subscriptions stay
 *   open.
 * - `live`: every event received from then on by a subscription of that wave is live (before it, the
 *   replay of the rows stored while the sagas were held). Per live event the clients log the order's
 *   index, its `orderSequence`, the receive time and the event's `at`.
 * - `finish`: closes every socket and answers with the result (the live events as typed arrays).
 * Times are `performance.timeOrigin + performance.now()` (ms, sub-ms resolution), the clock every
 * process of the bench reads.
 */
import WebSocket from 'ws';
import { type ClientsResult, type ClientsStatus, type ClientsWave, type FromClients, newStatus, type ToClients, type WaveJob } from './fanout-protocol.js';

const now = () => performance.timeOrigin + performance.now();

interface Sub {
  wave: number;
  orderIndex: number;
  sentAt: number;
  firstAt: number;
}

interface ProgressPayload {
  data?: { sagaProgress?: { orderSequence: number; kind: string; at: string } } | null;
  errors?: { message: string }[];
}

/** The live events, in typed arrays that grow by doubling (120k events cost a few MB). */
class LiveLog {
  length = 0;
  order = new Int32Array(1024);
  sequence = new Int32Array(1024);
  receivedAt = new Float64Array(1024);
  at = new Float64Array(1024);

  push(order: number, sequence: number, receivedAt: number, at: number): void {
    if (this.length === this.order.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.order = grow(this.order);
      this.sequence = grow(this.sequence);
      this.receivedAt = grow(this.receivedAt);
      this.at = grow(this.at);
    }
    const i = this.length++;
    this.order[i] = order;
    this.sequence[i] = sequence;
    this.receivedAt[i] = receivedAt;
    this.at[i] = at;
  }
}

function run(send: (message: FromClients) => void): void {
  const sockets: WebSocket[] = [];
  const subs = new Map<string, Sub>();
  const log = new LiveLog();
  const firstEventMs: number[] = [];
  const bySequence: Record<number, number> = {};
  const waves: ClientsWave[] = [];
  const status: ClientsStatus = newStatus();
  let nextSubId = 0;
  let replayed = 0;
  let completed = 0;
  let finishing = false;
  const noteError = (message: string) => {
    status.errors += 1;
    status.firstError ??= message;
  };

  const openConnection = (job: WaveJob, c: number): Promise<void> =>
    new Promise((resolve) => {
      const ws = new WebSocket(job.url, 'graphql-transport-ws', { perMessageDeflate: false });
      sockets.push(ws);
      let acked = false;
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: {} })));
      ws.on('error', (error) => {
        if (!acked) {
          status.connectionFailures += 1;
          noteError(`wave ${job.wave} connection ${c}: ${error.message}`);
          resolve();
        }
      });
      ws.on('close', (code, reason) => {
        if (!finishing) {
          status.closedEarly += 1;
          noteError(`wave ${job.wave} connection ${c} closed: ${code} ${reason.toString()}`);
        }
        if (!acked) resolve();
      });
      ws.on('message', (raw) => {
        const message = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: ProgressPayload | { message: string }[] };
        if (message.type === 'next') {
          const receivedAt = now();
          const payload = message.payload as ProgressPayload;
          const sub = subs.get(message.id ?? '');
          if (payload.errors?.length) noteError(payload.errors[0].message);
          const progress = payload.data?.sagaProgress;
          if (!progress || !sub) return;
          status.received += 1;
          bySequence[progress.orderSequence] = (bySequence[progress.orderSequence] ?? 0) + 1;
          if (sub.firstAt === 0) {
            sub.firstAt = receivedAt;
            status.firstEvents += 1;
            firstEventMs.push(receivedAt - sub.sentAt);
          }
          if (progress.kind === 'SAGA_COMPLETED' || progress.kind === 'SAGA_FAILED') completed += 1;
          const wave = waves[sub.wave];
          if (wave && wave.liveStartedAt > 0) {
            status.live += 1;
            wave.live += 1;
            wave.lastLiveAt = receivedAt;
            log.push(sub.orderIndex, progress.orderSequence, receivedAt, Date.parse(progress.at));
          } else replayed += 1;
          return;
        }
        if (message.type === 'connection_ack') {
          acked = true;
          status.connected += 1;
          const from = c * job.perConnection;
          const to = Math.min(job.subscribers, from + job.perConnection);
          for (let i = from; i < to; i++) {
            const id = String(nextSubId++);
            const k = i % job.orders.length;
            subs.set(id, { wave: job.wave, orderIndex: job.orderIndexBase + k, sentAt: now(), firstAt: 0 });
            ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: job.query, variables: { orderId: job.orders[k] } } }));
            status.sent += 1;
          }
          resolve();
          return;
        }
        if (message.type === 'error') noteError(JSON.stringify(message.payload).slice(0, 300));
      });
    });

  const openWave = async (job: WaveJob) => {
    waves[job.wave] = { liveStartedAt: 0, lastLiveAt: 0, live: 0 };
    const connections = Math.ceil(job.subscribers / job.perConnection);
    let next = 0;
    const lane = async () => {
      while (next < connections) await openConnection(job, next++);
    };
    await Promise.all(Array.from({ length: Math.min(job.connectConcurrency, connections) }, lane));
  };

  const statusTimer = setInterval(() => send({ ...status }), 100);

  process.on('message', (message: ToClients) => {
    if (message.type === 'wave') {
      void openWave(message);
      return;
    }
    if (message.type === 'live') {
      const wave = waves[message.wave];
      if (wave) wave.liveStartedAt = now();
      send({ type: 'live-ack', wave: message.wave });
      return;
    }
    finishing = true;
    clearInterval(statusTimer);
    for (const ws of sockets) ws.terminate();
    const result: ClientsResult = {
      type: 'result',
      liveOrder: log.order.slice(0, log.length),
      liveSequence: log.sequence.slice(0, log.length),
      liveReceivedAt: log.receivedAt.slice(0, log.length),
      liveAt: log.at.slice(0, log.length),
      firstEventMs: Float64Array.from(firstEventMs),
      replayed,
      live: status.live,
      waves,
      bySequence,
      completed,
      status: { ...status },
    };
    send(result);
  });
  // The bench went away (however it ended): leave nothing behind.
  process.on('disconnect', () => process.exit(0));
}

if (process.send) {
  const channel = process.send.bind(process);
  run((message) => channel(message));
}
