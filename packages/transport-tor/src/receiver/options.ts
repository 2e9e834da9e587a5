import { InvalidOptionError, type AuthOptions, type Clock } from '@meterwork/core';
import { authorizationHeader, validateAuth, functionOption, httpUrlOption, positiveIntegerOption, positiveNumberOption } from '@meterwork/core/internal';
import { ANONYMOUS_ATTRIBUTE_KEYS } from '../anonymity/allowList';
import { DEFAULT_SESSION_LIMITS, type ResolvedSessionLimits, type SessionLimits } from './SessionBudget';
import type { Rejection } from './rejections';
import { prometheusLabelName } from './tagPolicy';

export const OWNER = 'ReceivingProxy';

/** What the database behind the proxy speaks. */
export type ReceiverFormat = 'influx' | 'pushgateway' | 'otlp';

export const RECEIVER_FORMATS: readonly ReceiverFormat[] = ['influx', 'pushgateway', 'otlp'];

/** Options of {@link ReceivingProxy}. */
export interface ReceivingProxyOptions {
  /**
   * The collector writes go to, e.g. `http://127.0.0.1:8086` (InfluxDB,
   * VictoriaMetrics), a Pushgateway or an OTLP/HTTP collector. A path is
   * prepended to the write's path; query parameters override the write's
   * (`http://127.0.0.1:8086/?db=metrics` pins the database whatever the client asks for).
   */
  readonly upstream: string;
  /** Credentials for the upstream; the clients' own `Authorization` header is never forwarded. @default none */
  readonly upstreamAuth?: AuthOptions | undefined;
  /**
   * Wire format: `influx` (line protocol on `/write` and `/api/v2/write`:
   * signature, tag policy, byte/line/series caps), `pushgateway` (`/metrics/job/...`:
   * signature, grouping-key policy, byte cap) or `otlp` (`/v1/metrics`: signature, byte cap).
   * @default 'influx'
   */
  readonly format?: ReceiverFormat | undefined;
  /** Per-session, per-minute caps. @default see {@link SessionLimits} */
  readonly limits?: SessionLimits | undefined;
  /** Tag keys allowed besides `ANONYMOUS_ATTRIBUTE_KEYS`: the metric attributes the vendor collects (e.g. `route`). @default [] */
  readonly allowedTagKeys?: readonly string[] | undefined;
  /**
   * Refuse lines without the signing session's `session.id` tag; for the Pushgateway, add a `session_id`
   * label with the signing session's id to a grouping key without one (so sessions never share a group).
   * @default true
   */
  readonly requireSessionTag?: boolean | undefined;
  /**
   * Accept writes without session headers (a request with a bad or partial signature is still refused):
   * for exporters that cannot sign, such as OTel's OTLP/HTTP exporter. They share one budget (the caps of
   * one session, under the name `unsigned`), and their `session.id` tags cannot be checked. The onion
   * service's client authorisation still decides who can connect at all.
   * @default false
   */
  readonly allowUnsigned?: boolean | undefined;
  /** Largest request body accepted, compressed or not (bigger: 413 without reading on). @default 10485760 (10 MiB) */
  readonly maxBodyBytes?: number | undefined;
  /** Accepted distance between a write's signed timestamp and the clock. @default 300000 */
  readonly maxClockSkewMillis?: number | undefined;
  /** Timeout of one forwarded request to the upstream. @default 30000 */
  readonly requestTimeoutMillis?: number | undefined;
  /** Wall clock (epoch ms) for signatures and the per-minute windows. @default Date.now */
  readonly clock?: Clock | undefined;
  /** Called for every refused request (e.g. to log it); must not throw. @default none */
  readonly onRejected?: ((event: RejectionEvent) => void) | undefined;
}

/** A refused request, as {@link ReceivingProxyOptions.onRejected} sees it. */
export interface RejectionEvent {
  readonly reason: Rejection;
  readonly status: number;
  readonly message: string;
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
}

export interface ResolvedReceiverOptions {
  readonly upstream: URL;
  /** `Authorization` header value for the upstream, if any. */
  readonly upstreamAuthorization: string | undefined;
  readonly format: ReceiverFormat;
  readonly limits: ResolvedSessionLimits;
  /** Influx tag keys. */
  readonly allowedKey: (key: string) => boolean;
  /** Prometheus label names (allowed keys in their Prometheus spelling). */
  readonly allowedLabel: (name: string) => boolean;
  readonly requireSessionTag: boolean;
  readonly allowUnsigned: boolean;
  readonly maxBodyBytes: number;
  readonly maxClockSkewMillis: number;
  readonly requestTimeoutMillis: number;
  readonly clock: Clock;
  readonly onRejected: ((event: RejectionEvent) => void) | undefined;
}

export function resolveReceiverOptions(options: ReceivingProxyOptions): ResolvedReceiverOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
  const upstream = httpUrlOption(OWNER, 'upstream', options.upstream);
  const format = options.format ?? 'influx';
  if (!RECEIVER_FORMATS.includes(format))
    throw new InvalidOptionError(OWNER, 'format', `must be one of ${RECEIVER_FORMATS.map((f) => `'${f}'`).join(', ')}`, format);
  const l = options.limits ?? {};
  if (l === null || typeof l !== 'object') throw new InvalidOptionError(OWNER, 'limits', 'must be an object', l);
  const limits: ResolvedSessionLimits = {
    bytesPerMinute: positiveIntegerOption(OWNER, 'limits.bytesPerMinute', l.bytesPerMinute, DEFAULT_SESSION_LIMITS.bytesPerMinute),
    linesPerMinute: positiveIntegerOption(OWNER, 'limits.linesPerMinute', l.linesPerMinute, DEFAULT_SESSION_LIMITS.linesPerMinute),
    seriesPerMinute: positiveIntegerOption(OWNER, 'limits.seriesPerMinute', l.seriesPerMinute, DEFAULT_SESSION_LIMITS.seriesPerMinute),
    maxSessionsPerMinute: positiveIntegerOption(OWNER, 'limits.maxSessionsPerMinute', l.maxSessionsPerMinute, DEFAULT_SESSION_LIMITS.maxSessionsPerMinute),
  };
  const extra = options.allowedTagKeys ?? [];
  if (!Array.isArray(extra) || !extra.every((k) => typeof k === 'string' && k.length > 0)) {
    throw new InvalidOptionError(OWNER, 'allowedTagKeys', 'must be an array of non-empty strings', extra);
  }
  const keys = new Set<string>([...ANONYMOUS_ATTRIBUTE_KEYS, ...extra]);
  const labels = new Set<string>([...keys].map(prometheusLabelName));
  const requireSessionTag = booleanOption('requireSessionTag', options.requireSessionTag, true);
  return {
    upstream,
    upstreamAuthorization: options.upstreamAuth === undefined ? undefined : authorizationHeader(validateAuth(OWNER, 'upstreamAuth', options.upstreamAuth)),
    format,
    limits,
    allowedKey: (key) => keys.has(key),
    allowedLabel: (name) => labels.has(name),
    requireSessionTag,
    allowUnsigned: booleanOption('allowUnsigned', options.allowUnsigned, false),
    maxBodyBytes: positiveIntegerOption(OWNER, 'maxBodyBytes', options.maxBodyBytes, 10 * 1024 * 1024),
    maxClockSkewMillis: positiveNumberOption(OWNER, 'maxClockSkewMillis', options.maxClockSkewMillis, 300_000),
    requestTimeoutMillis: positiveNumberOption(OWNER, 'requestTimeoutMillis', options.requestTimeoutMillis, 30_000),
    clock: functionOption<Clock>(OWNER, 'clock', options.clock, Date.now),
    onRejected: options.onRejected === undefined ? undefined : functionOption(OWNER, 'onRejected', options.onRejected, options.onRejected),
  };
}

function booleanOption(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidOptionError(OWNER, option, 'must be a boolean', value);
  return value;
}
