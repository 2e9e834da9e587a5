import { gunzip } from 'node:zlib';
import { SESSION_HEADERS } from '../session/headers';
import { RequestVerifier } from '../session/RequestVerifier';
import { parseLineProtocol } from './lineProtocol';
import type { ResolvedReceiverOptions } from './options';
import type { Rejection } from './rejections';
import { SessionBudget, type WriteCost } from './SessionBudget';
import { SESSION_LABEL, checkGroupingKey, checkLines, type TagCheck } from './tagPolicy';

/** A request whose body has been read whole. */
export interface GateRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Body bytes as received (compressed if Content-Encoding says so). */
  readonly body: Buffer;
}

export type GateDecision =
  | {
      readonly ok: true;
      /** The verified session, or undefined for an unsigned write (`allowUnsigned`). */
      readonly sessionId: string | undefined;
      readonly cost: WriteCost;
      /** Path and query to forward: the received target, or for a Pushgateway group without `session_id`, the target with it appended. */
      readonly forwardTarget: string;
    }
  | { readonly ok: false; readonly reason: Rejection; readonly message: string; readonly retryAfterMillis?: number };

/**
 * The receiving proxy's decision on one write, apart from HTTP plumbing:
 * route, session signature, anonymity policy, then the session's
 * per-minute budget (charged only for writes that pass everything else).
 * A write is accepted or refused whole.
 */
export class WriteGate {
  private readonly verifier: RequestVerifier;
  private readonly budget: SessionBudget;

  constructor(private readonly options: ResolvedReceiverOptions) {
    this.verifier = new RequestVerifier({ clock: options.clock, maxClockSkewMillis: options.maxClockSkewMillis });
    this.budget = new SessionBudget(options.limits);
  }

  /** Sessions that wrote in the current minute. */
  get activeSessions(): number {
    return this.budget.sessions;
  }

  /** A route problem before the body is read (unknown path or method), or undefined. */
  checkRoute(method: string, target: string): GateDecision | undefined {
    const path = pathOf(target);
    switch (this.options.format) {
      case 'influx':
        if (path !== '/write' && path !== '/api/v2/write')
          return refuse('not-found', `no write endpoint ${path} (InfluxDB writes go to /write or /api/v2/write)`);
        return method === 'POST' ? undefined : refuse('method-not-allowed', `${method} ${path}: writes are POST`);
      case 'pushgateway':
        if (!path.startsWith('/metrics/job/')) return refuse('not-found', `no write endpoint ${path} (Pushgateway pushes go to /metrics/job/<job>/...)`);
        return method === 'PUT' || method === 'POST'
          ? undefined
          : refuse('method-not-allowed', `${method} ${path}: pushes are PUT or POST (DELETE is not forwarded)`);
      case 'otlp':
        if (path !== '/v1/metrics') return refuse('not-found', `no write endpoint ${path} (OTLP/HTTP metrics go to /v1/metrics)`);
        return method === 'POST' ? undefined : refuse('method-not-allowed', `${method} ${path}: exports are POST`);
    }
  }

  async decide(request: GateRequest): Promise<GateDecision> {
    const route = this.checkRoute(request.method, request.target);
    if (route !== undefined) return route;
    const verified = this.verifier.verify(request);
    let sessionId: string | undefined;
    if (verified.ok) sessionId = verified.sessionId;
    else if (!(this.options.allowUnsigned && verified.reason === 'missing-signature' && !hasAnySessionHeader(request.headers)))
      return refuse(verified.reason, verified.message);
    const decoded = await decodeBody(request.body, request.headers['content-encoding'], this.options.maxBodyBytes);
    if (typeof decoded === 'string') return refuse(DECODE_REJECTION[decoded], describeDecodeFailure(decoded, this.options.maxBodyBytes));
    let cost: WriteCost = { bytes: decoded.length, lines: 0, seriesKeys: [] };
    let check: TagCheck = { ok: true };
    let forwardTarget = request.target;
    if (this.options.format === 'influx') {
      const parsed = parseLineProtocol(decoded.toString('utf8'));
      if (!parsed.ok) return refuse('malformed-body', `line ${parsed.lineNumber}: ${parsed.message}`);
      check = checkLines(parsed.lines, sessionId, this.options.allowedKey, this.options.requireSessionTag);
      cost = { bytes: decoded.length, lines: parsed.lines.length, seriesKeys: parsed.lines.map((l) => l.seriesKey) };
    } else if (this.options.format === 'pushgateway') {
      const labels = groupingKey(pathOf(request.target));
      if (labels === undefined) return refuse('malformed-body', 'the grouping key in the path must be label/value pairs after /metrics/job/<job>');
      check = checkGroupingKey(labels, sessionId, this.options.allowedLabel);
      // Each session gets its own group: without it, two sessions pushing the same job would replace each
      // other's metrics (a PUT replaces the group), and the client need not know its rotating session id.
      if (sessionId !== undefined && this.options.requireSessionTag && !labels.some(([name]) => name === SESSION_LABEL))
        forwardTarget = withGroupLabel(request.target, SESSION_LABEL, sessionId);
    }
    if (!check.ok) return refuse(check.reason, check.message);
    const charged = this.budget.charge(sessionId ?? UNSIGNED_BUDGET, cost, this.options.clock());
    if (!charged.ok) return { ok: false, reason: charged.reason, message: charged.message, retryAfterMillis: charged.retryAfterMillis };
    return { ok: true, sessionId, cost, forwardTarget };
  }
}

/** Budget key of unsigned writes: not a session id (ids are 32 base32 characters), so never confused with one. */
const UNSIGNED_BUDGET = 'unsigned';

function hasAnySessionHeader(headers: GateRequest['headers']): boolean {
  return Object.values(SESSION_HEADERS).some((name) => headers[name] !== undefined);
}

function refuse(reason: Rejection, message: string): GateDecision {
  return { ok: false, reason, message };
}

/** `target` with `/<name>/<value>` appended to its path. */
function withGroupLabel(target: string, name: string, value: string): string {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  return `${path.replace(/\/$/, '')}/${name}/${encodeURIComponent(value)}${q === -1 ? '' : target.slice(q)}`;
}

function pathOf(target: string): string {
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/** `/metrics/job/j/a/b` -> [['job','j'],['a','b']]; `name@base64` values decoded; undefined when malformed. */
export function groupingKey(path: string): Array<[string, string]> | undefined {
  const parts = path.slice('/metrics/'.length).split('/');
  if (parts.length % 2 !== 0) return undefined;
  const labels: Array<[string, string]> = [];
  for (let i = 0; i < parts.length; i += 2) {
    let name = parts[i] as string;
    let value: string;
    try {
      value = decodeURIComponent(parts[i + 1] as string);
    } catch {
      return undefined;
    }
    if (name.endsWith('@base64')) {
      name = name.slice(0, -'@base64'.length);
      value = Buffer.from(value.replace(/=+$/, ''), 'base64url').toString('utf8');
    }
    if (name === '') return undefined;
    labels.push([name, value]);
  }
  return labels;
}

type DecodeFailure = 'too-large' | 'unsupported' | 'corrupt';

const DECODE_REJECTION: Readonly<Record<DecodeFailure, Rejection>> = {
  'too-large': 'body-too-large',
  unsupported: 'unsupported-encoding',
  corrupt: 'malformed-body',
};

function decodeBody(body: Buffer, encoding: string | readonly string[] | undefined, maxBytes: number): Promise<Buffer | DecodeFailure> {
  const e = typeof encoding === 'string' ? encoding.trim().toLowerCase() : encoding === undefined ? 'identity' : 'unsupported';
  if (e === 'identity' || e === '') return Promise.resolve(body);
  if (e !== 'gzip') return Promise.resolve('unsupported');
  return new Promise((resolve) => {
    gunzip(body, { maxOutputLength: maxBytes }, (error, out) => {
      if (error === null) resolve(out);
      else resolve((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'corrupt');
    });
  });
}

function describeDecodeFailure(failure: DecodeFailure, maxBytes: number): string {
  if (failure === 'too-large') return `the decompressed body is larger than ${maxBytes} bytes`;
  if (failure === 'corrupt') return 'the gzip body is corrupt';
  return 'Content-Encoding must be gzip or identity';
}
