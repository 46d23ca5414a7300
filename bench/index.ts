/**
 * `npm run bench [name…]`: runs the named benchmarks (all when none is named). Each starts its own baseline in
 * the same run and prints its figures. Names: invoke-overhead, sim-throughput, sim-worker, api-route, stream, docker.
 */
import { runApiRoute } from './api-route.js';
import { runDocker } from './docker.js';
import { runInvokeOverhead } from './invoke-overhead.js';
import { runSimThroughput } from './sim-throughput.js';
import { runSimWorker } from './sim-worker.js';
import { runStream } from './stream.js';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  'invoke-overhead': runInvokeOverhead,
  'sim-throughput': runSimThroughput,
  'sim-worker': runSimWorker,
  'api-route': runApiRoute,
  stream: runStream,
  docker: runDocker,
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !(n in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; valid: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  for (const name of names.length > 0 ? names : Object.keys(BENCHMARKS)) await BENCHMARKS[name]!();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
