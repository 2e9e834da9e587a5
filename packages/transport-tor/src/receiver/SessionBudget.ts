/** Per-session, per-minute limits of the receiving proxy. */
export interface SessionLimits {
  /** Body bytes (after decompression) a session may write per minute. @default 1048576 (1 MiB) */
  readonly bytesPerMinute?: number | undefined;
  /** Lines (points) a session may write per minute (line protocol only). @default 10000 */
  readonly linesPerMinute?: number | undefined;
  /** Distinct series a session may write to per minute (line protocol only). @default 1000 */
  readonly seriesPerMinute?: number | undefined;
  /** Sessions tracked per minute; writes of further sessions are refused until the next minute (bounds memory). @default 10000 */
  readonly maxSessionsPerMinute?: number | undefined;
}

export type ResolvedSessionLimits = { readonly [K in keyof SessionLimits]-?: number };

export const DEFAULT_SESSION_LIMITS: ResolvedSessionLimits = {
  bytesPerMinute: 1_048_576,
  linesPerMinute: 10_000,
  seriesPerMinute: 1_000,
  maxSessionsPerMinute: 10_000,
};

/** What one write would use. `seriesKeys` is empty for formats the proxy does not parse. */
export interface WriteCost {
  readonly bytes: number;
  readonly lines: number;
  readonly seriesKeys: readonly string[];
}

export type BudgetRejection = 'bytes-cap' | 'lines-cap' | 'series-cap' | 'too-many-sessions';

export type ChargeResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: BudgetRejection; readonly message: string; readonly retryAfterMillis: number };

interface Usage {
  bytes: number;
  lines: number;
  readonly series: Set<string>;
}

/** Windowed length. */
export const WINDOW_MILLIS = 60_000;

/**
 * Fixed one-minute windows (aligned to the clock) of what each session
 * wrote. A write is charged all or nothing: if any limit would be passed the
 * whole write is refused and nothing is counted, so that a session that hits
 * a cap can still send smaller writes in the same minute.
 */
export class SessionBudget {
  private window = -1;
  private readonly usage = new Map<string, Usage>();

  constructor(private readonly limits: ResolvedSessionLimits) {}

  /** Sessions seen in the current window. */
  get sessions(): number {
    return this.usage.size;
  }

  charge(sessionId: string, cost: WriteCost, nowMillis: number): ChargeResult {
    const window = Math.floor(nowMillis / WINDOW_MILLIS);
    if (window !== this.window) {
      this.window = window;
      this.usage.clear();
    }
    const retryAfterMillis = (window + 1) * WINDOW_MILLIS - nowMillis;
    let u = this.usage.get(sessionId);
    if (u === undefined) {
      if (this.usage.size >= this.limits.maxSessionsPerMinute) {
        return {
          ok: false,
          reason: 'too-many-sessions',
          message: `more than ${this.limits.maxSessionsPerMinute} sessions wrote this minute`,
          retryAfterMillis,
        };
      }
      u = { bytes: 0, lines: 0, series: new Set() };
    }
    if (u.bytes + cost.bytes > this.limits.bytesPerMinute) {
      return over('bytes-cap', `${u.bytes} + ${cost.bytes} bytes would pass the cap of ${this.limits.bytesPerMinute} bytes per minute`, retryAfterMillis);
    }
    if (u.lines + cost.lines > this.limits.linesPerMinute) {
      return over('lines-cap', `${u.lines} + ${cost.lines} lines would pass the cap of ${this.limits.linesPerMinute} lines per minute`, retryAfterMillis);
    }
    const fresh = new Set<string>();
    for (const key of cost.seriesKeys) if (!u.series.has(key)) fresh.add(key);
    if (u.series.size + fresh.size > this.limits.seriesPerMinute) {
      return over(
        'series-cap',
        `${u.series.size} + ${fresh.size} series would pass the cap of ${this.limits.seriesPerMinute} series per minute`,
        retryAfterMillis,
      );
    }
    u.bytes += cost.bytes;
    u.lines += cost.lines;
    for (const key of fresh) u.series.add(key);
    this.usage.set(sessionId, u);
    return { ok: true };
  }
}

function over(reason: BudgetRejection, message: string, retryAfterMillis: number): ChargeResult {
  return { ok: false, reason, message, retryAfterMillis };
}
