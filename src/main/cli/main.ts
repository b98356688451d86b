/**
 * The command-line host: `latchkey COMMAND [options]` (README, "Command line"). The main core
 * in Node with no window: no Electron, no renderer, no browser in its import graph (the layer
 * rules say so). Output on stdout, messages on stderr, the exit codes of ./exit.ts.
 */
import { runCli } from './run';

// A reader that stopped reading (`latchkey item list | head -1`) wants no more: the rest of the output is dropped and the
// command ends as it would have, with its own exit code, instead of dying of the pipe's error halfway through its work.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  // Built beside this file (scripts/build-main.mjs): a file is read as the app reads it, in the same worker.
  importWorker: new URL('./import-worker.js', import.meta.url),
}).catch((error: unknown) => {
  // A bug: said without detail (its message could hold anything), as the router does.
  process.stderr.write(`Something went wrong inside Latchkey (${error instanceof Error ? error.name : 'error'}). Nothing was changed.\n`);
  return 1;
});
process.exitCode = code;
// Exits once everything written has gone out (a pipe takes it asynchronously: exiting at once cut long answers short),
// without waiting for what the core may leave running.
const flushed = (stream: NodeJS.WriteStream) => new Promise((done) => stream.write('', done));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
