import type { AnyFunction } from './wrap';

/**
 * A method decorator that instruments the method (from `Scope.task()`):
 * works with TypeScript 5 standard decorators and with
 * `experimentalDecorators` (legacy).
 */
export interface TaskDecorator {
  /** Standard (TC39) method decorator. */
  <This, Args extends unknown[], R>(
    value: (this: This, ...args: Args) => R,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: Args) => R>,
  ): (this: This, ...args: Args) => R;
  /** `experimentalDecorators` method decorator. */
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor;
}

/** @internal The class name of a `this` (static: the class; instance: its constructor). */
export function classNameOf(self: unknown): string {
  if (typeof self === 'function') return (self as AnyFunction).name || 'anonymous';
  if (self !== null && typeof self === 'object') {
    const ctor = (self as { constructor?: unknown }).constructor;
    if (typeof ctor === 'function' && ctor.name !== '') return ctor.name;
  }
  return 'anonymous';
}
