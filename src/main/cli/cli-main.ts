import { runCli } from './cli';
import { processIo } from './cli-io';

process.exitCode = await runCli(process.argv.slice(2), processIo());
// Keep-alive sockets or timers must not hold a finished command open.
process.exit();
