import type { ExpositionFormat } from '../serializer/types';

/** One element of an `Accept` (media range) or `Accept-Encoding` (coding) header. */
interface MediaRange {
  /** Lower-cased media range or content coding. */
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
  readonly q: number;
  readonly index: number;
}

function parseQ(value: string | undefined): number {
  if (value === undefined) return 1;
  const q = Number(value);
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
}

function parseHeader(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  const parts = header.split(',');
  for (let i = 0; i < parts.length; i++) {
    const [rawType, ...rawParams] = parts[i].split(';');
    const type = rawType.trim().toLowerCase();
    if (type.length === 0) continue;
    const params: Record<string, string> = {};
    for (const p of rawParams) {
      const eq = p.indexOf('=');
      if (eq === -1) continue;
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
    }
    ranges.push({ type, params, q: parseQ(params.q), index: i });
  }
  return ranges;
}

/** How well a media range matches a format: 0 no match, higher is more specific. */
function specificity(range: MediaRange, format: ExpositionFormat): number {
  const version = range.params.version;
  if (format === 'openmetrics') {
    if (range.type !== 'application/openmetrics-text') return 0;
    return version === undefined ? 2 : version === '1.0.0' ? 3 : 0;
  }
  if (range.type === 'text/plain') return version === undefined ? 2 : version === '0.0.4' ? 3 : 0;
  if (range.type === 'text/*') return 1;
  return range.type === '*/*' ? 1 : 0;
}

/**
 * Picks the exposition format for an `Accept` header (RFC 9110 q-values; the
 * most specific matching range decides a format's q). OpenMetrics 1.0.0 only
 * when explicitly acceptable and preferred; everything else, including a
 * missing or unsatisfiable header, gets Prometheus text 0.0.4 (never 406).
 */
export function negotiateFormat(accept: string | undefined): ExpositionFormat {
  if (accept === undefined || accept.length === 0) return 'prometheus-text';
  const ranges = parseHeader(accept);
  const qualityOf = (format: ExpositionFormat): { q: number; index: number } => {
    let best: MediaRange | undefined;
    let bestSpecificity = 0;
    for (const range of ranges) {
      const s = specificity(range, format);
      if (s > bestSpecificity) {
        best = range;
        bestSpecificity = s;
      }
    }
    return best === undefined ? { q: 0, index: Infinity } : { q: best.q, index: best.index };
  };
  const om = qualityOf('openmetrics');
  const text = qualityOf('prometheus-text');
  if (om.q > 0 && (om.q > text.q || (om.q === text.q && om.index < text.index))) return 'openmetrics';
  return 'prometheus-text';
}

/** True when `Accept-Encoding` allows gzip (explicitly or via `*`) with q > 0. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const { type: coding, q } of parseHeader(acceptEncoding)) {
    if (coding === 'gzip' || coding === 'x-gzip') gzip = q;
    else if (coding === '*') star = q;
  }
  return (gzip ?? star ?? 0) > 0;
}
