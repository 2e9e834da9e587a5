/**
 * The present endpoint as one `(req, res, next?)` handler: monkit's routes,
 * the live dashboard, optional auth. Works as node http's request listener,
 * as express middleware (`next()` for paths it does not know) and in fastify
 * (`reply.hijack(); handler(request.raw, reply.raw)`).
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { diag } from '@opentelemetry/api';
import { InvalidOptionError } from '@meterwork/core';
import { createAuthChecker, positiveIntegerOption } from '@meterwork/core/internal';
import { Dashboard } from '../dashboard/Dashboard';
import { funcsDot, funcsJson, funcsText } from './funcs';
import { indexPage } from './index-page';
import type { PresentHandlerOptions } from './options';
import { registrySource } from './registrySource';
import type { PresentSource, PresentStat } from './types';
import { defaultRegistry } from '../defaults';
import { Registry } from '../registry/Registry';
import { psJson, psText } from './ps';
import { statsJson, statsText } from './stats';
import { parseTraceQuery, serveTrace } from './trace/route';

const OWNER = 'createPresentHandler';

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** The handler and its lifecycle. */
export interface PresentHandler {
  /** `(req, res, next?)`: serves the routes; calls `next` (else answers 404) for other paths. */
  readonly requestHandler: (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;
  /** Ends waiting trace requests and dashboard streams, stops sampling. */
  close(): void;
}

type Render = (now: number) => [contentType: string, body: string] | Promise<[contentType: string, body: string]>;

/** The present endpoint for `options.registry` (default: `defaultRegistry`). */
export function createPresentHandler(options: PresentHandlerOptions = {}): PresentHandler {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
  const registry = options.registry ?? defaultRegistry;
  if (!(registry instanceof Registry)) throw new InvalidOptionError(OWNER, 'registry', 'must be a Registry of @meterwork/tasks', registry);
  return presentHandlerFor(registrySource(registry), options);
}

/** @internal The endpoint over any {@link PresentSource} (tests use a hand-driven one). */
export function presentHandlerFor(source: PresentSource, options: PresentHandlerOptions): PresentHandler {
  const basePath = options.basePath ?? '';
  if (typeof basePath !== 'string' || (basePath !== '' && (!basePath.startsWith('/') || basePath.endsWith('/')))) {
    throw new InvalidOptionError(OWNER, 'basePath', "must be '' or start with '/' and not end with '/'", basePath);
  }
  const keepaliveMillis = positiveIntegerOption(OWNER, 'keepaliveMillis', options.keepaliveMillis, 10000);
  const auth = options.auth === undefined ? undefined : createAuthChecker(OWNER, options.auth, 'present');
  const dashboard = createDashboard(source, options);
  const closed = new AbortController();
  const environment = options.environment;
  if (environment !== undefined && (environment === null || typeof environment.stats !== 'function')) {
    throw new InvalidOptionError(OWNER, 'environment', 'must be an Environment (createEnvironment())', environment);
  }
  /** The registry's rows, then the environment's (prom-client's order). */
  const allStats = async (): Promise<PresentStat[]> => {
    const rows = [...source.stats()];
    await environment?.stats((measurement, tags, field, value) => rows.push({ measurement, tags, field, value }));
    return rows;
  };

  const routes: Readonly<Record<string, Render>> = {
    '/ps': (t) => [TEXT, psText(source.runningSpans(), t)],
    '/ps/text': (t) => [TEXT, psText(source.runningSpans(), t)],
    '/ps/json': (t) => [JSON_TYPE, psJson(source.runningSpans(), t)],
    '/funcs': () => [TEXT, funcsText(source.funcs())],
    '/funcs/text': () => [TEXT, funcsText(source.funcs())],
    '/funcs/dot': () => [TEXT, funcsDot(source.funcs())],
    '/funcs/json': () => [JSON_TYPE, funcsJson(source.funcs())],
    '/stats': async () => [TEXT, statsText(await allStats())],
    '/stats/text': async () => [TEXT, statsText(await allStats())],
    '/stats/json': async () => [JSON_TYPE, statsJson(await allStats())],
  };

  const handle = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    const url = new URL(req.url ?? '/', 'http://present.invalid');
    let path = url.pathname;
    if (basePath !== '') {
      if (path !== basePath && !path.startsWith(basePath + '/')) return notFound(res, path, next);
      path = path.slice(basePath.length);
    }
    // Where the routes are, as the client sees them (express strips its mount path from req.url).
    const original = (req as { originalUrl?: string }).originalUrl;
    const fullPath = original !== undefined ? new URL(original, 'http://present.invalid').pathname : url.pathname;
    const prefix = fullPath.endsWith(path) ? fullPath.slice(0, fullPath.length - path.length).replace(/\/$/, '') : basePath;
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    if (path === '') path = '/';

    const known =
      path === '/' ||
      path in routes ||
      path === '/trace/svg' ||
      path === '/trace/json' ||
      (dashboard !== undefined && (path === '/dashboard' || path.startsWith('/dashboard/')));
    if (!known) return notFound(res, path, next);
    if (auth !== undefined && !auth.check(req.headers.authorization)) {
      res.writeHead(401, { 'Content-Type': TEXT, 'WWW-Authenticate': auth.challenge }).end('Unauthorized\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': TEXT, Allow: 'GET, HEAD' }).end(`Method Not Allowed: ${req.method ?? ''}\n`);
      return;
    }
    try {
      if (path === '/') return send(res, 'text/html; charset=utf-8', indexPage(prefix, dashboard !== undefined));
      const render = routes[path];
      if (render !== undefined) {
        const rendered = render(source.now());
        if (!(rendered instanceof Promise)) return send(res, rendered[0], rendered[1]);
        rendered.then(([type, body]) => send(res, type, body)).catch((error: unknown) => fail(res, error));
        return;
      }
      if (path === '/trace/svg' || path === '/trace/json') {
        const selector = parseTraceQuery(url.searchParams, source);
        if (typeof selector === 'string') {
          res.writeHead(400, { 'Content-Type': TEXT }).end(`Bad Request: ${selector}\n`);
          return;
        }
        serveTrace(req, res, selector, path === '/trace/svg' ? 'svg' : 'json', source, { keepaliveMillis, closed: closed.signal }).catch((error: unknown) =>
          fail(res, error),
        );
        return;
      }
      if (dashboard !== undefined && dashboard.handle(req, res, path.slice('/dashboard'.length), prefix)) return;
      notFound(res, path, next);
    } catch (error) {
      fail(res, error);
    }
  };

  return {
    requestHandler: handle,
    close(): void {
      closed.abort();
      dashboard?.close();
    },
  };
}

function createDashboard(source: PresentSource, options: PresentHandlerOptions): Dashboard | undefined {
  const d = options.dashboard ?? {};
  if (d === false || d.enabled === false) return undefined;
  if (typeof d !== 'object' || d === null) throw new InvalidOptionError(OWNER, 'dashboard', 'must be an object or false', d);
  const metrics = d.metrics;
  if (metrics !== undefined && (!Array.isArray(metrics) || !metrics.every((m) => typeof m === 'string' || m instanceof RegExp))) {
    throw new InvalidOptionError(OWNER, 'dashboard.metrics', 'must be an array of strings and regular expressions', metrics);
  }
  const producer = d.metricProducer;
  if (producer !== undefined && (producer === null || typeof producer.collect !== 'function')) {
    throw new InvalidOptionError(OWNER, 'dashboard.metricProducer', 'must be a MetricProducer (with collect())', producer);
  }
  // Stateless copies: a /g or /y regex would remember lastIndex between names.
  const tests = (metrics ?? []).map((m) =>
    typeof m === 'string'
      ? (name: string) => m === name
      : (
          (r) => (name: string) =>
            r.test(name)
        )(new RegExp(m.source, m.flags.replace(/[gy]/g, ''))),
  );
  const selected = metrics === undefined ? () => true : (name: string) => tests.some((t) => t(name));
  return new Dashboard(source, {
    metricProducer: producer,
    selected,
    intervalMillis: positiveIntegerOption(OWNER, 'dashboard.intervalMillis', d.intervalMillis, 1000),
    historyPoints: positiveIntegerOption(OWNER, 'dashboard.historyPoints', d.historyPoints, 300),
  });
}

function send(res: ServerResponse, contentType: string, body: string): void {
  res.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }).end(body);
}

function notFound(res: ServerResponse, path: string, next: ((error?: unknown) => void) | undefined): void {
  if (next !== undefined) return next();
  res.writeHead(404, { 'Content-Type': TEXT }).end(`Not Found: path not found: ${path}\n`);
}

function fail(res: ServerResponse, error: unknown): void {
  diag.error(`@meterwork/tasks present: ${(error as Error)?.message ?? String(error)}`);
  if (!res.headersSent) res.writeHead(500, { 'Content-Type': TEXT }).end(`Internal Server Error: ${(error as Error)?.message ?? String(error)}\n`);
  else res.destroy();
}
