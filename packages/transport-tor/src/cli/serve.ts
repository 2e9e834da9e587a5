import { promises as fs } from 'node:fs';
import { parseArgs } from 'node:util';
import { InvalidOptionError, type AuthOptions } from '@meterwork/core';
import { TorControlError } from '../control/TorControlError';
import { parseClientAuthPublicKey } from '../onion/clientAuth';
import { publishOnionService, type PublishedOnionService } from '../onion/publishOnion';
import { RECEIVER_FORMATS, type ReceiverFormat, type RejectionEvent } from '../receiver/options';
import { ReceivingProxy } from '../receiver/ReceivingProxy';
import { EXIT, UsageError, parseHostPort, parsePositiveInteger, type CliIo } from './io';

export const SERVE_HELP = `Usage: meterwork-receiver serve --upstream <url> --control <[host:]port> (--client-auth <key>... | --no-client-auth) [options]

Publishes a local collector (InfluxDB, VictoriaMetrics, a Pushgateway, an OTLP/HTTP
collector) as a v3 onion service through a running tor's control port, behind the
receiving proxy, and prints the onion address on stdout. Runs until SIGINT/SIGTERM,
then removes the service and prints the proxy's counters.

The proxy forwards a write only if it carries a valid session signature, uses only
anonymous tag keys, and fits the session's per-minute caps; a write is forwarded
whole or not at all.

Required:
  --upstream <url>            the collector, e.g. http://127.0.0.1:8086 (query parameters
                              override the client's: http://127.0.0.1:8086/?db=metrics)
  --control <[host:]port>     tor's ControlPort (cookie or no auth found via PROTOCOLINFO;
                              password from $METERWORK_TOR_CONTROL_PASSWORD)
  --client-auth <key>         an authorised client: descriptor:x25519:<base32> or the bare
                              base32 key (repeat for more; see 'keygen')
  --client-auth-file <file>   authorised clients, one key per line (# comments); repeatable
  --no-client-auth            publish without client authorisation (anyone who learns the
                              address can connect); one of these three is required

Onion service:
  --key-file <file>           persistent service key (created 0600 on first run: the address
                              stays the same); default an ephemeral key and a new address
  --virtual-port <port>       port of the onion address (default 80)
  --control-cookie <file>     tor's control_auth_cookie (default: from PROTOCOLINFO)

Receiving proxy:
  --format <format>           influx (default), pushgateway or otlp
  --listen <[host:]port>      where the proxy listens (default 127.0.0.1, a free port)
  --allow-tag <key>           a tag key allowed besides the anonymous set (repeatable)
  --bytes-per-minute <n>      per session (default 1048576)
  --lines-per-minute <n>      per session, influx only (default 10000)
  --series-per-minute <n>     per session, influx only (default 1000)
  --max-sessions-per-minute <n>  (default 10000)
  --max-clock-skew-seconds <n>   accepted signed-timestamp skew (default 300)
  --allow-missing-session-tag    accept lines without a session.id tag
  --allow-unsigned            accept writes without session headers (exporters that cannot sign,
                              e.g. OTel's OTLP/HTTP exporter); they share one session's caps
  --no-proxy                  publish the upstream directly (no signature, tag or cap checks)
  --detach                    with --no-proxy: leave the service in tor and exit at once
  --quiet                     do not log rejected writes
  Upstream credentials: $METERWORK_UPSTREAM_TOKEN, or $METERWORK_UPSTREAM_USER and
  $METERWORK_UPSTREAM_PASSWORD (clients' own Authorization headers are never forwarded).

Exit codes: 0 stopped by a signal (or --detach done), 1 runtime failure (tor or the
collector unreachable, descriptor not uploaded), 2 usage error.
`;

const OPTIONS = {
  upstream: { type: 'string' },
  control: { type: 'string' },
  'control-cookie': { type: 'string' },
  'client-auth': { type: 'string', multiple: true },
  'client-auth-file': { type: 'string', multiple: true },
  'no-client-auth': { type: 'boolean' },
  'key-file': { type: 'string' },
  'virtual-port': { type: 'string' },
  format: { type: 'string' },
  listen: { type: 'string' },
  'allow-tag': { type: 'string', multiple: true },
  'bytes-per-minute': { type: 'string' },
  'lines-per-minute': { type: 'string' },
  'series-per-minute': { type: 'string' },
  'max-sessions-per-minute': { type: 'string' },
  'max-clock-skew-seconds': { type: 'string' },
  'allow-missing-session-tag': { type: 'boolean' },
  'allow-unsigned': { type: 'boolean' },
  'no-proxy': { type: 'boolean' },
  detach: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function serve(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  if (values.help) {
    io.stdout(SERVE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if (values.upstream === undefined) throw new UsageError('--upstream <url> is required');
  if (values.control === undefined) throw new UsageError('--control <[host:]port> is required (tor ControlPort)');
  let upstream: URL;
  try {
    upstream = new URL(values.upstream);
  } catch {
    throw new UsageError(`--upstream must be a URL, got ${JSON.stringify(values.upstream)}`);
  }
  if (upstream.protocol !== 'http:')
    throw new UsageError(`--upstream must be an http: URL (the collector on this machine), got ${JSON.stringify(values.upstream)}`);
  const control = parseHostPort('control', values.control);
  const clientKeys = await readClientKeys(values['client-auth'] ?? [], values['client-auth-file'] ?? []);
  if (clientKeys.length === 0 && !values['no-client-auth'])
    throw new UsageError('give --client-auth <key> (see keygen) or --client-auth-file, or --no-client-auth to publish for anyone');
  if (clientKeys.length > 0 && values['no-client-auth']) throw new UsageError('--no-client-auth contradicts --client-auth/--client-auth-file');
  if (values.detach && !values['no-proxy']) throw new UsageError('--detach needs --no-proxy (the proxy lives in this process)');
  const format = (values.format ?? 'influx') as ReceiverFormat;
  if (!RECEIVER_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${RECEIVER_FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  const virtualPort = parsePositiveInteger('virtual-port', values['virtual-port']);
  const skewSeconds = parsePositiveInteger('max-clock-skew-seconds', values['max-clock-skew-seconds']);

  let proxy: ReceivingProxy | undefined;
  let target = { host: upstream.hostname.replace(/^\[|\]$/g, ''), port: Number(upstream.port || 80) };
  if (!values['no-proxy']) {
    const listen = parseHostPort('listen', values.listen ?? '0');
    const logRejection = rejectionLogger(io, values.quiet === true);
    try {
      proxy = new ReceivingProxy({
        upstream: values.upstream,
        format,
        upstreamAuth: upstreamAuth(env),
        allowedTagKeys: values['allow-tag'] ?? [],
        requireSessionTag: !values['allow-missing-session-tag'],
        allowUnsigned: values['allow-unsigned'] === true,
        maxClockSkewMillis: skewSeconds === undefined ? undefined : skewSeconds * 1000,
        limits: {
          bytesPerMinute: parsePositiveInteger('bytes-per-minute', values['bytes-per-minute']),
          linesPerMinute: parsePositiveInteger('lines-per-minute', values['lines-per-minute']),
          seriesPerMinute: parsePositiveInteger('series-per-minute', values['series-per-minute']),
          maxSessionsPerMinute: parsePositiveInteger('max-sessions-per-minute', values['max-sessions-per-minute']),
        },
        onRejected: logRejection,
      });
    } catch (error) {
      if (error instanceof InvalidOptionError) throw new UsageError(error.message);
      throw error;
    }
    target = await proxy.listen(listen.port, listen.host);
    io.stderr(`receiving proxy (${format}) on ${target.host}:${target.port} -> ${upstream.origin}\n`);
  }

  let onion: PublishedOnionService;
  try {
    onion = await publishOnionService({
      control,
      controlAuth: { cookieFile: values['control-cookie'], password: env.METERWORK_TOR_CONTROL_PASSWORD },
      target,
      virtualPort,
      clientAuthV3: clientKeys,
      keyFile: values['key-file'],
      detach: values.detach === true,
    });
  } catch (error) {
    await proxy?.close();
    if (error instanceof InvalidOptionError) throw new UsageError(error.message);
    if (error instanceof TorControlError || (error as NodeJS.ErrnoException).code !== undefined) {
      io.stderr(`meterwork-receiver: could not publish the onion service: ${(error as Error).message}\n`);
      return EXIT.failure;
    }
    throw error;
  }
  io.stdout(onion.address + '\n');
  io.stderr(
    `onion service ${onion.address} port ${virtualPort ?? 80} -> ${target.host}:${target.port} (${onion.newKey ? 'new' : 'persistent'} key, ` +
      `${clientKeys.length > 0 ? `${clientKeys.length} authorised client key(s)` : 'NO client authorisation'})\n`,
  );
  if (values.detach) {
    onion.close();
    io.stderr('detached: the service stays in tor until it restarts or DEL_ONION\n');
    return EXIT.ok;
  }
  const outcome = await Promise.race([io.stopSignal.then((signal) => ({ signal })), onion.closed.then((error) => ({ error }))]);
  if ('error' in outcome) {
    io.stderr(`meterwork-receiver: lost tor's control connection (${outcome.error.message}); the onion service is gone\n`);
    await proxy?.close();
    printStats(io, proxy);
    return EXIT.failure;
  }
  io.stderr(`${outcome.signal}: removing ${onion.address}\n`);
  await onion.remove().catch((error: Error) => io.stderr(`DEL_ONION failed: ${error.message}\n`));
  await proxy?.close();
  printStats(io, proxy);
  return EXIT.ok;
}

async function readClientKeys(inline: readonly string[], files: readonly string[]): Promise<string[]> {
  const entries: Array<[string, string]> = inline.map((k) => [k, '--client-auth']);
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--client-auth-file ${file}: ${(error as Error).message}`);
    }
    text.split('\n').forEach((line, i) => {
      if (line.trim() !== '' && !line.trim().startsWith('#')) entries.push([line, `${file}:${i + 1}`]);
    });
  }
  return entries.map(([text, where]) => {
    const key = parseClientAuthPublicKey(text);
    if (key === undefined)
      throw new UsageError(`${where}: expected descriptor:x25519:<base32 public key> (52 characters), got ${JSON.stringify(text.slice(0, 80))}`);
    return key;
  });
}

function upstreamAuth(env: NodeJS.ProcessEnv): AuthOptions | undefined {
  if (env.METERWORK_UPSTREAM_TOKEN) return { bearer: env.METERWORK_UPSTREAM_TOKEN };
  if (env.METERWORK_UPSTREAM_USER) return { basic: { username: env.METERWORK_UPSTREAM_USER, password: env.METERWORK_UPSTREAM_PASSWORD ?? '' } };
  return undefined;
}

/** Logs the first rejection of each reason, then every 100th (a flood must not flood the log). */
function rejectionLogger(io: CliIo, quiet: boolean): (event: RejectionEvent) => void {
  const seen = new Map<string, number>();
  return (event) => {
    const n = (seen.get(event.reason) ?? 0) + 1;
    seen.set(event.reason, n);
    if (quiet || (n > 1 && n % 100 !== 0)) return;
    io.stderr(`rejected ${event.status} ${event.reason} ${event.method} ${event.path}: ${event.message} (${n} so far)\n`);
  };
}

function printStats(io: CliIo, proxy: ReceivingProxy | undefined): void {
  if (proxy === undefined) return;
  const s = proxy.stats();
  const rejected = Object.entries(s.rejected)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => `${r}=${n}`)
    .join(' ');
  io.stderr(
    `forwarded ${s.forwarded.writes} writes (${s.forwarded.bytes} bytes, ${s.forwarded.lines} lines), upstream errors ${s.upstreamErrors}, rejected ${s.rejectedTotal}${rejected ? ` (${rejected})` : ''}\n`,
  );
}
