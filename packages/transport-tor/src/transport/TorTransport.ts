/**
 * What an application uses: a tor (supervised, or one already running), the
 * SOCKS agent every export goes through, and, with `anonymous`, the profile
 * that strips identifying data and signs each write. Hands each exporter
 * the hook it accepts (Influx and Pushgateway: `agent` + `requestHeaders`;
 * OTLP/HTTP: `httpAgentOptions`).
 */
import { randomBytes } from 'crypto';
import type * as http from 'http';
import { diag } from '@opentelemetry/api';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SocksProxyAgent } from 'socks-proxy-agent';
import { InvalidOptionError } from '@meterwork/core';
import { createTorAgent } from '../agent/createTorAgent';
import { TorControlConnection, type TorControlAuth } from '../control/TorControlConnection';
import { AnonymousProfile, type AnonymousProfileOptions } from '../profile/AnonymousProfile';
import type { RequestToSign } from '../session/Session';
import { base32Decode } from '../encoding/base32';
import { clientAuthControlCommand } from '../onion/clientAuth';
import { parseBootstrapStatus } from '../tor/bootstrap';
import type { OnionClientAuth, SupervisedTorOptions } from '../tor/options';
import { SupervisedTor } from '../tor/SupervisedTor';

const OWNER = 'TorTransport';

/** A tor that is already running (Tor Browser, a system service, a sidecar). */
export interface AttachTorOptions {
  readonly socksPort: number;
  /** @default '127.0.0.1' */
  readonly socksHost?: string | undefined;
  /** Its control port, to check bootstrap at start. @default undefined (not checked) */
  readonly controlPort?: number | undefined;
  /** Control-port authentication. @default what PROTOCOLINFO offers (NULL, or COOKIE with tor's cookie file) */
  readonly controlAuth?: TorControlAuth | undefined;
  /** Client-authorisation keys added with `ONION_CLIENT_AUTH_ADD` (needs `controlPort`; not kept across tor restarts). @default [] */
  readonly onionClientAuth?: readonly OnionClientAuth[] | undefined;
}

/** Options of {@link TorTransport.start}. */
export interface TorTransportOptions {
  /** Use a running tor instead of starting one. @default undefined (start and supervise the system `tor`) */
  readonly attach?: AttachTorOptions | undefined;
  /** Options of the supervised tor (not with `attach`). @default {} */
  readonly tor?: SupervisedTorOptions | undefined;
  /**
   * The anonymous profile: a random session id (from an Ed25519 session key) as the only instance identifier,
   * identifying attributes removed by an allow-list, timestamps rounded, every write signed, SOCKS credentials
   * per session. `true` takes the defaults of {@link AnonymousProfileOptions}.
   * @default false
   */
  readonly anonymous?: boolean | AnonymousProfileOptions | undefined;
}

/** What the Influx and Pushgateway exporters take from the transport. */
export interface TorExporterHooks {
  readonly agent: http.Agent;
  /** Signs each write with the session key (only with `anonymous`). */
  readonly requestHeaders?: ((request: RequestToSign) => Record<string, string>) | undefined;
}

export class TorTransport {
  /** Every request of every exporter given it goes through tor's SOCKS port (socks5h); never direct. */
  readonly agent: http.Agent;

  private constructor(
    /** The supervised tor, or undefined when attached to a running one. */
    readonly tor: SupervisedTor | undefined,
    private readonly _socksPort: number,
    /** The anonymous profile, when `anonymous` is on. */
    readonly profile: AnonymousProfile | undefined,
    socksHost: string,
  ) {
    this.agent = createTorAgent({ socksPort: _socksPort, socksHost, isolation: profile?.sessionId ?? randomBytes(16).toString('hex') });
  }

  /** Starts (or attaches to) tor and resolves once it can build circuits. */
  static async start(options: TorTransportOptions = {}): Promise<TorTransport> {
    if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
    if (options.attach !== undefined && options.tor !== undefined) throw new InvalidOptionError(OWNER, 'tor', "cannot be combined with 'attach'", options.tor);
    const anonymous = options.anonymous ?? false;
    if (typeof anonymous !== 'boolean' && (anonymous === null || typeof anonymous !== 'object'))
      throw new InvalidOptionError(OWNER, 'anonymous', 'must be a boolean or AnonymousProfileOptions', anonymous);
    let transport: TorTransport | undefined;
    const profile =
      anonymous === false
        ? undefined
        : new AnonymousProfile({
            ...(anonymous === true ? {} : anonymous),
            onRotate: (id) => {
              if (anonymous !== true) anonymous.onRotate?.(id);
              transport?._isolate(id);
            },
          });
    if (options.attach !== undefined) {
      const a = options.attach;
      if ((a.onionClientAuth ?? []).length > 0 && a.controlPort === undefined)
        throw new InvalidOptionError(OWNER, 'attach.onionClientAuth', "needs 'attach.controlPort'", '<keys>');
      if (a.controlPort !== undefined) await prepareAttached(a);
      transport = new TorTransport(undefined, a.socksPort, profile, a.socksHost ?? '127.0.0.1');
    } else {
      const tor = await SupervisedTor.start(options.tor);
      transport = new TorTransport(tor, tor.socksPort, profile, '127.0.0.1');
    }
    return transport;
  }

  get socksPort(): number {
    return this._socksPort;
  }

  /**
   * Spread into `new InfluxMetricExporter({...})`: the agent and, with `anonymous`, signatures, every resource
   * attribute the profile kept (it already removed the rest) and no exporter self-metrics.
   */
  influxExporterOptions(): TorExporterHooks & { readonly resourceAttributes?: { readonly include: '*' }; readonly selfMetrics?: false } {
    if (!this.profile) return { agent: this.agent };
    // The profile has already reduced the resource to allowed keys + session.id: write them all. The
    // exporter's own counters are off: their `reason` tag is outside the allow-list the receiver enforces.
    return { agent: this.agent, requestHeaders: this.profile.signRequest, resourceAttributes: { include: '*' }, selfMetrics: false };
  }

  /**
   * Spread into `new PushgatewayExporter({...})`: the agent and, with `anonymous`, signatures and the grouping
   * key `{ session_id }` (each session its own group, as the receiver requires). The grouping key is fixed
   * when the exporter is made: with `rotateEveryHours`, make a new exporter after a rotation.
   */
  pushgatewayExporterOptions(): TorExporterHooks & { readonly groupingKey?: Readonly<Record<string, string>> } {
    if (!this.profile) return { agent: this.agent };
    return { agent: this.agent, requestHeaders: this.profile.signRequest, groupingKey: { session_id: this.profile.sessionId } };
  }

  /** For OTLP/HTTP: `new OTLPMetricExporter({ url, httpAgentOptions: tor.otlpHttpAgentFactory() })` (unsigned: the OTLP exporter has no per-request hook). */
  otlpHttpAgentFactory(): (protocol: string) => http.Agent {
    return () => this.agent;
  }

  /**
   * `exporter` behind the anonymous profile (unchanged without `anonymous`). Throws `InvalidOptionError` when the
   * exporter selects DELTA temporality while the profile rounds timestamps (InfluxDB would keep one delta per interval).
   */
  wrapExporter(exporter: PushMetricExporter): PushMetricExporter {
    return this.profile ? this.profile.wrapExporter(exporter) : exporter;
  }

  /** Closes the agent's connections and stops the supervised tor (an attached one keeps running). */
  async stop(): Promise<void> {
    this.agent.destroy();
    await this.tor?.stop();
  }

  /** New SOCKS credentials (so new circuits) for a new session; open connections of the old one are closed. */
  private _isolate(sessionId: string): void {
    const proxy = (this.agent as SocksProxyAgent).proxy;
    proxy.userId = sessionId;
    proxy.password = sessionId;
    this.agent.destroy();
  }
}

async function prepareAttached(a: AttachTorOptions): Promise<void> {
  const control = await TorControlConnection.open({ host: a.socksHost ?? '127.0.0.1', port: a.controlPort! }, a.controlAuth);
  try {
    for (const auth of a.onionClientAuth ?? []) {
      const raw = base32Decode(auth.privateKey);
      if (raw === undefined || raw.length !== 32)
        throw new InvalidOptionError(OWNER, 'attach.onionClientAuth.privateKey', 'must be a base32 x25519 private key', '<redacted>');
      await control.command(clientAuthControlCommand(auth.address, { privateKeyBase64: Buffer.from(raw).toString('base64') }));
    }
    const status = parseBootstrapStatus(await control.getInfo('status/bootstrap-phase'));
    if (status && status.progress < 100)
      diag.warn(
        `@meterwork/transport-tor: the attached tor is at bootstrap ${status.progress}% (${status.summary}); exports wait in the buffer until it is done`,
      );
  } finally {
    control.close();
  }
}
