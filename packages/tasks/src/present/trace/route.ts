/**
 * `/trace/svg` and `/trace/json`: parse the selector (400 before any wait),
 * then long-poll. Headers go out at once and a newline keepalive is written
 * (and flushed) every `keepaliveMillis`, so proxies and clients see a live
 * response; both SVG (no XML declaration) and JSON allow leading whitespace.
 * The wait ends when the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import { jsonList } from '../format/list';
import { fullNameOf } from '../funcs';
import { finishedSpanJson } from '../ps';
import type { PresentSource, TraceSelector } from '../types';
import { captureTrace } from './capture';
import { traceSvg } from './svg';

export type TraceFormat = 'svg' | 'json';

const CONTENT_TYPES: Readonly<Record<TraceFormat, string>> = {
  svg: 'image/svg+xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The selector from the query, or the 400 message (without the `Bad Request: ` prefix). */
export function parseTraceQuery(query: URLSearchParams, source: PresentSource): TraceSelector | string {
  const regexParam = query.get('regex');
  const traceIdParam = query.get('trace_id');
  if (regexParam === null && traceIdParam === null) return "at least one of 'regex' or 'trace_id' query parameters required";
  let regex: RegExp | undefined;
  if (regexParam !== null) {
    try {
      regex = new RegExp(regexParam);
    } catch (error) {
      return `invalid regex ${JSON.stringify(regexParam)}: ${(error as Error).message}`;
    }
  }
  let traceId: number | undefined;
  if (traceIdParam !== null) {
    // Our ids are below 2^53 (13 hex digits at most), so larger ones could never match.
    const value = /^[0-9a-fA-F]{1,14}$/.test(traceIdParam) ? parseInt(traceIdParam, 16) : NaN;
    if (!Number.isSafeInteger(value)) return `trace_id expected to be a hex unsigned number below 2^53: ${JSON.stringify(traceIdParam)}`;
    traceId = value;
  }
  const preselect = query.get('preselect');
  if (regex !== undefined && preselect !== 'false' && preselect !== '0') {
    let matched = 0;
    for (const f of source.funcs()) if (regex.test(fullNameOf(f))) matched++;
    if (matched === 0) return 'regex preselect matches 0 functions';
  }
  return { regex, traceId };
}

export interface TraceRouteOptions {
  readonly keepaliveMillis: number;
  /** Aborted when the handler closes. */
  readonly closed: AbortSignal;
}

export async function serveTrace(
  req: IncomingMessage,
  res: ServerResponse,
  selector: TraceSelector,
  format: TraceFormat,
  source: PresentSource,
  options: TraceRouteOptions,
): Promise<void> {
  const gone = new AbortController();
  const onClose = (): void => gone.abort();
  res.once('close', onClose);
  req.once('aborted', onClose);
  const onHandlerClosed = (): void => {
    gone.abort();
    res.destroy();
  };
  options.closed.addEventListener('abort', onHandlerClosed);
  res.writeHead(200, { 'Content-Type': CONTENT_TYPES[format], 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.flushHeaders();
  const keepalive = setInterval(() => res.write('\n'), options.keepaliveMillis);
  keepalive.unref();
  try {
    const spans = await captureTrace(source, selector, gone.signal);
    if (spans === undefined) return;
    res.end(format === 'svg' ? traceSvg(spans) : jsonList(spans.map(finishedSpanJson)));
  } finally {
    clearInterval(keepalive);
    options.closed.removeEventListener('abort', onHandlerClosed);
    res.off('close', onClose);
    req.off('aborted', onClose);
  }
}
