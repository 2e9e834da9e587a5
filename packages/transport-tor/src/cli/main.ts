#!/usr/bin/env node
/**
 * `meterwork-receiver`: the operator's command (package.json `bin`). All
 * logic is in runCli; this file only binds it to the process.
 */
import { runCli } from './run';

const stopSignal = new Promise<string>((resolve) => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
});

runCli(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), stopSignal }).then(
  (code) => {
    process.exitCode = code;
    // Open handles (signal listeners) must not keep a finished command alive.
    process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`meterwork-receiver: ${String(error)}\n`);
    process.exit(1);
  },
);
