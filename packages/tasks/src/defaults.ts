import { Registry } from './registry/Registry';
import type { Scope } from './registry/Scope';
import type { TaskDecorator } from './task/decorator';
import type { AnyFunction, TaskOptions } from './task/wrap';

/**
 * The process-wide registry (monkit's `Default`) behind {@link scope} and
 * {@link task}. Creating it starts nothing (no timer, no hook). Tests that
 * need isolation make their own `new Registry()`.
 */
export const defaultRegistry: Registry = new Registry();

/** `defaultRegistry.scope(name)`: `const mon = scope('vlite')`. */
export function scope(name: string): Scope {
  return defaultRegistry.scope(name);
}

/**
 * Instruments a function in the default registry's scope `main`
 * (see `Scope.task`): `task(fn)`, `task('name', fn)`, or as a method
 * decorator `@task()`.
 */
export function task<F extends AnyFunction>(fn: F): F;
export function task<F extends AnyFunction>(nameOrOptions: string | TaskOptions, fn: F): F;
export function task(nameOrOptions?: string | TaskOptions): TaskDecorator;
export function task(a?: unknown, b?: unknown): unknown {
  const main = defaultRegistry.scope('main');
  return (main.task as (a?: unknown, b?: unknown) => unknown).call(main, a, b);
}
