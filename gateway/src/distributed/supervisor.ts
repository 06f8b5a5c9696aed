import { parseArgs } from 'node:util';
import { SERVICES } from '@ftgo/schema';
import { DistributedEnvError, parsePort } from './env.js';
import { describeExit, ProcessSupervisor } from './process-supervisor.js';
import { planTopology, type Topology } from './topology.js';

const USAGE = `Usage: npm run start:distributed [-- --base-port <n>] [--json]

The distributed mode on one machine: the seven services as seven processes
(${SERVICES.join(', ')}) and the standalone gateway in front of them over HTTP.
Their logs are prefixed with their names; Ctrl-C (SIGINT) or SIGTERM stops them all; if one of
them exits, the supervisor says so and stops the others.

Options:
  --base-port <n>   the gateway's port; service ports are <n>+1 … <n>+7 (FTGO_BASE_PORT; default 4000)
  --json            pass the children's pino JSON lines through (prefixed) instead of short lines
  -h, --help        this text

Environment (both required, with no default: not even postgres://postgres@127.0.0.1:5432/ftgo
is assumed; no embedded Postgres, no local messaging):
  DATABASE_URL      one Postgres shared by every process
  NATS_URL          a NATS server with JetStream (nats-server -js), e.g. nats://127.0.0.1:4222
Optional:
  SUPERGRAPH_PATH   default: schema/supergraph.graphql
  FTGO_NAMESPACE, LOG_LEVEL, NODE_ENV   passed to every process
`;

let values: { 'base-port'?: string; json?: boolean; help?: boolean };
try {
  ({ values } = parseArgs({ options: { 'base-port': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
} catch (error) {
  process.stderr.write(`start:distributed: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

let topology: Topology;
try {
  const basePort = values['base-port'] === undefined ? undefined : parsePort(values['base-port'], '--base-port');
  topology = planTopology({ env: process.env, basePort });
} catch (error) {
  if (!(error instanceof DistributedEnvError)) throw error;
  process.stderr.write(`start:distributed: ${error.message}\n\n${USAGE}`);
  process.exit(2);
}

const supervisor = new ProcessSupervisor({
  raw: values.json,
  color: process.stdout.isTTY && !process.env.NO_COLOR,
  names: topology.children.map((c) => c.name),
});
supervisor.log(
  `starting ${topology.children.map((c) => `${c.name}:${topology.ports[c.name]}`).join(' ')} (supergraph ${topology.supergraphPath}` +
    `${process.env.FTGO_NAMESPACE ? `, namespace ${process.env.FTGO_NAMESPACE}` : ''})`,
);
supervisor.start(topology.children);

let stopRequested = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopRequested) {
      supervisor.log(`${signal} again: killing every process now`);
      supervisor.kill();
      return;
    }
    stopRequested = true;
    supervisor.log(`${signal}: stopping everything (again to kill)`);
    void supervisor.stop();
  });
}

// Tell the person at the terminal when the whole thing answers: the gateway's /readyz probes every subgraph.
const readyz = `http://127.0.0.1:${topology.basePort}/readyz`;
const watchReadiness = async () => {
  const started = Date.now();
  let lastReport = started;
  let unready = 'the gateway';
  while (!stopRequested) {
    try {
      const response = await fetch(readyz, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { unready?: string[] };
      if (response.ok) {
        supervisor.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: GraphQL at ${topology.gatewayUrl}`);
        return;
      }
      unready = body.unready?.join(', ') || 'unknown';
    } catch {
      unready = 'the gateway';
    }
    if (Date.now() - lastReport >= 20_000) {
      lastReport = Date.now();
      supervisor.log(`still waiting for: ${unready}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
};
void Promise.race([watchReadiness(), supervisor.done]);

const outcome = await supervisor.done;
if (outcome.reason === 'child-exited') {
  supervisor.log(`stopped: ${outcome.exit.name} ${describeExit(outcome.exit)}`);
  process.exit(1);
}
supervisor.log('stopped');
process.exit(0);
