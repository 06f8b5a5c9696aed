/**
 * What the fan-out bench and its clients' process (fanout-clients.ts) say to each other over IPC.
 * Importing it has no side effects (the clients module starts its work when it is a forked child).
 */
export interface WaveJob {
  type: 'wave';
  wave: number;
  url: string;
  /** The wave's order ids; order `orders[k]` has the bench-wide index `orderIndexBase + k`. */
  orders: string[];
  orderIndexBase: number;
  /** Subscriptions to open in this wave. */
  subscribers: number;
  perConnection: number;
  query: string;
  /** How many of the wave's connections open at once. */
  connectConcurrency: number;
}

export type ToClients = WaveJob | { type: 'live'; wave: number } | { type: 'finish' };

/** Counters since the process started, over every wave. */
export interface ClientsStatus {
  type: 'status';
  connected: number;
  connectionFailures: number;
  closedEarly: number;
  sent: number;
  received: number;
  firstEvents: number;
  live: number;
  errors: number;
  firstError?: string;
}

export interface ClientsWave {
  /** When the bench marked the wave live. */
  liveStartedAt: number;
  /** The last live event received by one of the wave's subscriptions (0: none). */
  lastLiveAt: number;
  live: number;
}

export interface ClientsResult {
  type: 'result';
  /** One entry per live event, in arrival order: the order's bench-wide index, its orderSequence, receive time and `at` (ms). */
  liveOrder: Int32Array;
  liveSequence: Int32Array;
  liveReceivedAt: Float64Array;
  liveAt: Float64Array;
  /** Per subscription that got one: its first event's receive time − its subscribe message's send time, ms. */
  firstEventMs: Float64Array;
  replayed: number;
  live: number;
  waves: ClientsWave[];
  /** Events per orderSequence (1..12), over every subscription. */
  bySequence: Record<number, number>;
  completed: number;
  status: ClientsStatus;
}

export type FromClients = ClientsStatus | { type: 'live-ack'; wave: number } | ClientsResult;

/** The clients' counters before anything happened. */
export const newStatus = (): ClientsStatus => ({
  type: 'status',
  connected: 0,
  connectionFailures: 0,
  closedEarly: 0,
  sent: 0,
  received: 0,
  firstEvents: 0,
  live: 0,
  errors: 0,
});
