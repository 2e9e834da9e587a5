import type { Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { InvalidOptionError, type Clock, type ReservoirOptions } from '@meterwork/core';
import { functionOption } from '@meterwork/core/internal';
import type { ErrorNamer } from '../errors/errorName';
import { defaultIsPanic, type PanicPredicate } from '../errors/panic';

/** Options of a {@link Registry}. */
export interface RegistryOptions {
  /**
   * Milliseconds, monotonic, any origin; read once when a task starts and
   * once when it ends. Keep its values small: a double near Unix time in ms
   * (1.7e12) resolves only ~0.24 µs, too coarse for sub-microsecond calls.
   * @default performance.now
   */
  readonly clock?: Clock | undefined;
  /**
   * Unix time (ms) of the clock's zero, added to span times (`start`,
   * `finish`) so that they read as Unix times.
   * @default performance.timeOrigin with the default clock, else 0
   */
  readonly clockOriginMillis?: number | undefined;
  /**
   * Which failures are panics (counted in `panics`, not in `errors`).
   * @default defaultIsPanic (a thrown non-Error, a TypeError, ReferenceError or RangeError)
   */
  readonly isPanic?: PanicPredicate | undefined;
  /**
   * Error namers tried before the built-in rules, first to last (namers
   * added later with `addErrorNamer` come before these).
   * @default []
   */
  readonly errorNamers?: readonly ErrorNamer[] | undefined;
  /**
   * The reservoir of every duration and value distribution (core's plain
   * options, e.g. `{ type: 'sliding_window', size: 64 }` for monkit's
   * last-64 samples).
   * @default \{ type: 'bounded_time_window', windowMillis: 60_000 \}
   */
  readonly reservoir?: ReservoirOptions | undefined;
  /**
   * Make each task an OTel span too: `true` uses the global tracer provider's
   * tracer `@meterwork/tasks`, or give a tracer. The span is a child of the
   * active OTel span (a task started inside an OTel span links to it), and
   * is the active span while the task runs.
   * @default false
   */
  readonly otelSpans?: boolean | Tracer | undefined;
}

/** @internal */
export interface ResolvedRegistryOptions {
  readonly clock: Clock;
  readonly clockOriginMillis: number;
  readonly isPanic: PanicPredicate;
  readonly errorNamers: readonly ErrorNamer[];
  readonly reservoir: ReservoirOptions;
  readonly otelSpans: boolean | Tracer;
}

const OWNER = 'Registry';

/** @internal */
export function resolveRegistryOptions(options: RegistryOptions): ResolvedRegistryOptions {
  if (options === null || typeof options !== 'object') throw new InvalidOptionError(OWNER, 'options', 'must be an object', options);
  const errorNamers = options.errorNamers ?? [];
  if (!Array.isArray(errorNamers)) throw new InvalidOptionError(OWNER, 'errorNamers', 'must be an array of functions', errorNamers);
  errorNamers.forEach((n, i) => {
    if (typeof n !== 'function') throw new InvalidOptionError(OWNER, `errorNamers[${i}]`, 'must be a function', n);
  });
  const reservoir = options.reservoir ?? { type: 'bounded_time_window', windowMillis: 60_000 };
  if (reservoir === null || typeof reservoir !== 'object') throw new InvalidOptionError(OWNER, 'reservoir', 'must be reservoir options', reservoir);
  const otelSpans = options.otelSpans ?? false;
  if (typeof otelSpans !== 'boolean' && (otelSpans === null || typeof otelSpans !== 'object' || typeof otelSpans.startSpan !== 'function')) {
    throw new InvalidOptionError(OWNER, 'otelSpans', 'must be a boolean or an OTel Tracer', otelSpans);
  }
  const origin = options.clockOriginMillis ?? (options.clock === undefined ? performance.timeOrigin : 0);
  if (typeof origin !== 'number' || !Number.isFinite(origin)) throw new InvalidOptionError(OWNER, 'clockOriginMillis', 'must be a finite number', origin);
  return {
    clock: functionOption(OWNER, 'clock', options.clock, nowMillis),
    clockOriginMillis: origin,
    isPanic: functionOption(OWNER, 'isPanic', options.isPanic, defaultIsPanic),
    errorNamers: errorNamers.slice(),
    reservoir,
    otelSpans,
  };
}

/** `performance.now()` (a method: call it through a function). */
function nowMillis(): number {
  return performance.now();
}
