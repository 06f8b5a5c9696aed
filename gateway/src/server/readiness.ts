import type { SubgraphDataSource } from './data-sources.js';

export interface CheckResult {
  ready: boolean;
  /** Why not, without hosts or stack traces (the endpoint is public). */
  reason?: string;
}

export interface ReadinessReport {
  status: 'ready' | 'unready';
  /** Names of the subgraphs and checks that failed. */
  unready: string[];
  subgraphs: Record<string, CheckResult & { mode: SubgraphDataSource['mode'] }>;
  checks: Record<string, CheckResult>;
}

export type ReadinessCheck = () => Promise<unknown>;

const reasonOf = (error: unknown): string => {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message.slice(0, 200) : 'failed';
};

const within = <T>(promise: Promise<T>, timeoutMs: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/**
 * `/readyz`: ready when every subgraph answers `{ __typename }` (in distributed mode, a POST to its
 * URL) and every extra check passes, all probed in parallel within `timeoutMs`. Concurrent probes
 * share one round, so a burst of probes costs the subgraphs one request each.
 */
export class Readiness {
  private inFlight: Promise<ReadinessReport> | undefined;

  constructor(
    private readonly subgraphs: () => readonly SubgraphDataSource[],
    private readonly checks: Record<string, ReadinessCheck>,
    private readonly timeoutMs: number,
  ) {}

  report(): Promise<ReadinessReport> {
    this.inFlight ??= this.probe().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async probe(): Promise<ReadinessReport> {
    const settle = async (run: () => Promise<unknown>): Promise<CheckResult> => {
      try {
        await within(run(), this.timeoutMs);
        return { ready: true };
      } catch (error) {
        return { ready: false, reason: reasonOf(error) };
      }
    };
    const sources = this.subgraphs();
    const [subgraphResults, checkResults] = await Promise.all([
      Promise.all(sources.map((source) => settle(() => source.probe(this.timeoutMs)))),
      Promise.all(Object.values(this.checks).map((check) => settle(check))),
    ]);
    const report: ReadinessReport = { status: 'ready', unready: [], subgraphs: {}, checks: {} };
    sources.forEach((source, i) => {
      report.subgraphs[source.name] = { mode: source.mode, ...subgraphResults[i] };
      if (!subgraphResults[i].ready) report.unready.push(source.name);
    });
    Object.keys(this.checks).forEach((name, i) => {
      report.checks[name] = checkResults[i];
      if (!checkResults[i].ready) report.unready.push(name);
    });
    if (sources.length === 0) report.unready.push('supergraph');
    if (report.unready.length > 0) report.status = 'unready';
    return report;
  }
}
