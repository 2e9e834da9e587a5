import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

/** Edge values every record path must survive: the first two are valid, the rest dropped. */
export const EDGE_VALUES: ReadonlyArray<number> = [1, -1, Infinity, -Infinity, NaN];
export const INVALID_VALUES: ReadonlyArray<unknown> = [Infinity, -Infinity, NaN, '1', undefined, null];

/** A clock the test moves by hand. */
export interface ManualClock {
  (): number;
  now: number;
  advance(millis: number): void;
}

export function manualClock(start = 0): ManualClock {
  const clock = (() => clock.now) as ManualClock;
  clock.now = start;
  clock.advance = (millis: number) => {
    clock.now += millis;
  };
  return clock;
}

/** Returns the given numbers in turn (then repeats the last). */
export function sequenceRandom(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)];
}

/** Seeded PRNG (mulberry32) in [0, 1): reproducible random data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CapturedDiag {
  warn: jest.Mock;
  error: jest.Mock;
  restore(): void;
}

/** Routes OTel diag to jest mocks until `restore()`. */
export function captureDiag(): CapturedDiag {
  const warn = jest.fn();
  const error = jest.fn();
  const logger: DiagLogger = { error, warn, info: jest.fn(), debug: jest.fn(), verbose: jest.fn() };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { warn, error, restore: () => diag.disable() };
}

/** Exact quantile of rank floor(q * (n - 1)) of sorted values (the sketch's definition). */
export function exactRankQuantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}
