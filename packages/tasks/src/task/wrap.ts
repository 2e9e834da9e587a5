import { trace, type Tracer } from '@opentelemetry/api';
import type { Func } from '../func/Func';
import type { Registry } from '../registry/Registry';
import { runTask } from './run';

/** Options of one instrumented function. */
export interface TaskOptions {
  /**
   * The function's name in its scope.
   * @default the function's own `name` (`'anonymous'` when it has none); for a decorated method, `<Class>.<method>`
   */
  readonly name?: string | undefined;
  /**
   * Keep each call's arguments on its span (shown by `/ps` and traces).
   * They stay referenced while the call runs and in observed traces.
   * @default false
   */
  readonly recordArgs?: boolean | undefined;
  /**
   * Make each call an OTel span too (see `RegistryOptions.otelSpans`):
   * `true` uses the registry's tracer, or the global tracer provider's
   * `@meterwork/tasks` tracer when the registry has none; `false` makes no
   * span for this function.
   * @default the registry's `otelSpans`
   */
  readonly otelSpan?: boolean | undefined;
}

/** @internal The tracer of a task's spans, from its options and its registry. */
export function tracerFor(reg: Registry, options: TaskOptions): Tracer | undefined {
  const own = options.otelSpan;
  if (own === undefined) return reg._tracer;
  return own === true ? (reg._tracer ?? trace.getTracer('@meterwork/tasks')) : undefined;
}

/** Any function: the wrapper keeps its type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the wrapper is transparent for any signature
export type AnyFunction = (...args: any[]) => any;

/** @internal Wraps `fn` so that every call is a task of `func`. */
export function wrapFunction<F extends AnyFunction>(reg: Registry, func: Func, fn: F, options: TaskOptions): F {
  const recordArgs = options.recordArgs === true;
  const tracer = tracerFor(reg, options);
  const wrapped = function (this: unknown): unknown {
    // `arguments`, not a rest array: passed on to `fn.apply` it is not copied (one allocation less per call).
    // eslint-disable-next-line prefer-rest-params -- see above
    return runTask(reg, func, fn, this, arguments, recordArgs, tracer);
  };
  copyIdentity(wrapped, fn);
  return wrapped as unknown as F;
}

/** @internal Like `wrapFunction`, the function resolved at the first call (decorators name the class then). */
export function wrapLazily<F extends AnyFunction>(resolve: (self: unknown) => Func, fn: F, reg: Registry, options: TaskOptions): F {
  const recordArgs = options.recordArgs === true;
  const tracer = tracerFor(reg, options);
  let func: Func | undefined;
  const wrapped = function (this: unknown): unknown {
    // eslint-disable-next-line prefer-rest-params -- as in wrapFunction
    return runTask(reg, (func ??= resolve(this)), fn, this, arguments, recordArgs, tracer);
  };
  copyIdentity(wrapped, fn);
  return wrapped as unknown as F;
}

function copyIdentity(wrapped: AnyFunction, fn: AnyFunction): void {
  try {
    Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
    Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  } catch {
    // a non-configurable name is only cosmetic
  }
}

/** The name of a function for the registry. */
export function functionName(fn: AnyFunction): string {
  const name = typeof fn.name === 'string' ? fn.name.replace(/^bound /, '') : '';
  return name === '' ? 'anonymous' : name;
}
