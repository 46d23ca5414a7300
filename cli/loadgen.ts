/**
 * `npx tsx cli/loadgen.ts <command> …` (or `npm run loadgen -- <command> …`): the load generator. Commands:
 * trace (build a synthetic trace), open (replay a trace), closed (N clients back to back), compare (runs side by
 * side), calibrate (simulation metadata from a real run). Each command parses its own flags in loadgen/commands/.
 */
import { calibrateCommand, CALIBRATE_USAGE } from '../loadgen/commands/calibrate-command.js';
import { closedCommand, CLOSED_USAGE } from '../loadgen/commands/closed-command.js';
import { compareCommand, COMPARE_USAGE } from '../loadgen/commands/compare-command.js';
import { openCommand, OPEN_USAGE } from '../loadgen/commands/open-command.js';
import { traceCommand, TRACE_USAGE } from '../loadgen/commands/trace-command.js';

const USAGE = `usage: loadgen <command> [flags]

${TRACE_USAGE}

${OPEN_USAGE}

${CLOSED_USAGE}

${COMPARE_USAGE}

${CALIBRATE_USAGE}
`;

async function main(): Promise<void> {
  const [command, ...argv] = process.argv.slice(2);
  switch (command) {
    case 'trace':
      return traceCommand(argv);
    case 'open':
      return openCommand(argv);
    case 'closed':
      return closedCommand(argv);
    case 'compare':
      return compareCommand(argv);
    case 'calibrate':
      return calibrateCommand(argv);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new Error(`unknown command ${command}\n\n${USAGE}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`loadgen: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
