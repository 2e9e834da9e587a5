import { keygen, KEYGEN_HELP } from './keygen';
import { EXIT, UsageError, type CliIo } from './io';
import { serve, SERVE_HELP } from './serve';

export const HELP = `Usage: meterwork-receiver <command> [options]

The receiving side of @meterwork/transport-tor: publishes a metrics collector as a
v3 onion service (with client authorisation) behind a proxy that checks session
signatures, anonymity and per-session caps.

Commands:
  serve     publish a collector through tor's control port and run the receiving proxy
  keygen    generate an x25519 client-authorisation key pair
  help      show help for a command

Run 'meterwork-receiver <command> --help' for its options.
`;

/** Runs the CLI; resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
        io.stdout(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case 'help':
        io.stdout(rest[0] === 'serve' ? SERVE_HELP : rest[0] === 'keygen' ? KEYGEN_HELP : HELP);
        return EXIT.ok;
      case 'keygen':
        return keygen(rest, io);
      case 'serve':
        return await serve(rest, io, env);
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    }
  } catch (error) {
    // parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_* for unknown or malformed options.
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(
        `meterwork-receiver: ${(error as Error).message}\nRun 'meterwork-receiver ${command === 'serve' || command === 'keygen' ? command + ' ' : ''}--help' for usage.\n`,
      );
      return EXIT.usage;
    }
    io.stderr(`meterwork-receiver: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}
