import { parseArgs } from 'node:util';
import { clientAuthControlCommand, clientAuthPrivateLine, generateClientAuthKeys, stripOnion } from '../onion/clientAuth';
import { EXIT, UsageError, type CliIo } from './io';

export const KEYGEN_HELP = `Usage: meterwork-receiver keygen [--onion <address>] [--name <name>] [--json]

Generates an x25519 key pair for v3 onion client authorisation and prints:
  - the service side's line (give it to 'serve --client-auth', or save it as
    <HiddenServiceDir>/authorized_clients/<name>.auth),
  - the client's line (save it as <ClientOnionAuthDir>/<name>.auth_private),
  - the client's control-port command (ONION_CLIENT_AUTH_ADD, base64 key).
The private key is printed once and stored nowhere: keep the client lines secret.

Options:
  --onion <address>  the service's onion address (with or without .onion);
                     without it the client lines show <onion-address>
  --name <name>      a label for the file names shown (default: client)
  --json             print one JSON object instead of text
  -h, --help         this help
`;

export function keygen(args: string[], io: CliIo): number {
  const { values } = parseArgs({
    args,
    options: { onion: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.stdout(KEYGEN_HELP);
    return EXIT.ok;
  }
  const name = values.name ?? 'client';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw new UsageError(`--name must be 1-64 letters, digits, '-' or '_', got ${JSON.stringify(name)}`);
  const onion = values.onion === undefined ? undefined : stripOnion(values.onion.trim().toLowerCase());
  if (onion !== undefined && !/^[a-z2-7]{56}$/.test(onion))
    throw new UsageError(`--onion must be a v3 onion address (56 base32 characters), got ${JSON.stringify(values.onion)}`);
  const keys = generateClientAuthKeys();
  const address = onion ?? '<onion-address>';
  const clientLine = clientAuthPrivateLine(address, keys);
  const controlCommand = clientAuthControlCommand(address, keys);
  if (values.json) {
    io.stdout(
      JSON.stringify({
        name,
        publicKey: keys.publicKey,
        privateKey: keys.privateKey,
        privateKeyBase64: keys.privateKeyBase64,
        serviceLine: keys.serviceLine,
        clientLine,
        controlCommand,
      }) + '\n',
    );
    return EXIT.ok;
  }
  io.stdout(
    [
      `# service side: meterwork-receiver serve --client-auth ${keys.serviceLine}`,
      `#   or the file <HiddenServiceDir>/authorized_clients/${name}.auth:`,
      keys.serviceLine,
      `# client side: the file <ClientOnionAuthDir>/${name}.auth_private (secret):`,
      clientLine,
      `# client side, on its tor control port instead (secret):`,
      controlCommand,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}
