import { InvalidOptionError } from '@meterwork/core';
import { Func } from '../func/Func';
import { classNameOf, type TaskDecorator } from '../task/decorator';
import { functionName, wrapFunction, wrapLazily, type AnyFunction, type TaskOptions } from '../task/wrap';
import { BoolVal } from '../values/BoolVal';
import { Counter } from '../values/Counter';
import { DistValue, type DurationVal, type FloatVal, type IntVal } from '../values/DistValue';
import { Event } from '../values/Event';
import type { MonkitValue } from '../values/types';
import type { Registry } from './Registry';

/**
 * A named group of functions and values (monkit's package scope, e.g. one
 * per module): `const mon = registry.scope('vlite')`.
 */
export class Scope {
  private readonly _funcs = new Map<string, Func>();
  private readonly _values = new Map<string, MonkitValue>();

  constructor(
    /** The registry this scope belongs to. */
    readonly registry: Registry,
    /** The scope's name: the first part of full names `<scope>.<function>`. */
    readonly name: string,
  ) {}

  /** The statistics of the function `name`, created on first use. */
  func(name: string): Func {
    let f = this._funcs.get(name);
    if (f === undefined) {
      if (typeof name !== 'string' || name === '') throw new InvalidOptionError(`Scope "${this.name}"`, 'name', 'must be a non-empty string', name);
      f = new Func(this.registry._nextId(), this, name, this.registry._reservoir);
      this._funcs.set(name, f);
    }
    return f;
  }

  /** Every function of this scope, sorted by name. */
  funcs(): Func[] {
    return Array.from(this._funcs.values()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Instruments a function: each call is a task (sync or async; a returned
   * promise ends the task when it settles; a throw or a rejection is a
   * failure). The wrapper keeps `this`, the arguments, the result and the
   * type. Named from `options` (a string is the name) or from the function.
   * Wrap once, call many times: each wrap of the same name shares one `Func`.
   *
   * With no function, returns a method decorator (`@mon.task()`,
   * `@mon.task('name')`), named `<Class>.<method>` unless given a name.
   */
  task<F extends AnyFunction>(fn: F): F;
  task<F extends AnyFunction>(nameOrOptions: string | TaskOptions, fn: F): F;
  task(nameOrOptions?: string | TaskOptions): TaskDecorator;
  task(a?: unknown, b?: unknown): unknown {
    if (typeof a === 'function') return this._wrap(a as AnyFunction, {});
    const options = typeof a === 'string' ? { name: a } : ((a ?? {}) as TaskOptions);
    if (options === null || typeof options !== 'object') throw new InvalidOptionError('Scope.task', 'options', 'must be a name or an object', a);
    if (b === undefined) return this._decorator(options);
    if (typeof b !== 'function') throw new InvalidOptionError('Scope.task', 'fn', 'must be a function', b);
    return this._wrap(b as AnyFunction, options);
  }

  private _wrap<F extends AnyFunction>(fn: F, options: TaskOptions): F {
    const func = this.func(options.name ?? functionName(fn));
    return wrapFunction(this.registry, func, fn, options);
  }

  private _decorator(options: TaskOptions): TaskDecorator {
    const decorate = (target: unknown, contextOrKey: unknown, descriptor?: PropertyDescriptor): unknown => {
      if (descriptor !== undefined) {
        // experimentalDecorators: target is the prototype (or the class, for a static method).
        const method = descriptor.value as AnyFunction;
        if (typeof method !== 'function') throw new TypeError('Scope.task(): the decorator applies to methods only');
        const name = options.name ?? `${classNameOf(typeof target === 'function' ? target : (target as object).constructor)}.${String(contextOrKey)}`;
        return { ...descriptor, value: wrapFunction(this.registry, this.func(name), method, options) };
      }
      const context = contextOrKey as ClassMethodDecoratorContext;
      if (context === null || typeof context !== 'object' || context.kind !== 'method') {
        throw new TypeError('Scope.task(): the decorator applies to methods only');
      }
      const method = String(context.name);
      const explicit = options.name;
      if (explicit !== undefined) return wrapFunction(this.registry, this.func(explicit), target as AnyFunction, options);
      // Standard decorators do not see the class: name it from the first call's `this`.
      return wrapLazily((self) => this.func(`${classNameOf(self)}.${method}`), target as AnyFunction, this.registry, options);
    };
    return decorate as TaskDecorator;
  }

  /** monkit's IntVal `name` (created on first use). */
  intVal(name: string): IntVal {
    return this._value(name, 'int', () => new DistValue('int', name, this.registry._reservoir)) as IntVal;
  }

  /** monkit's FloatVal `name`. */
  floatVal(name: string): FloatVal {
    return this._value(name, 'float', () => new DistValue('float', name, this.registry._reservoir)) as FloatVal;
  }

  /** monkit's DurationVal `name` (seconds). */
  durationVal(name: string): DurationVal {
    return this._value(name, 'duration', () => new DistValue('duration', name, this.registry._reservoir)) as DurationVal;
  }

  /** monkit's BoolVal `name`. */
  boolVal(name: string): BoolVal {
    return this._value(name, 'bool', () => new BoolVal(name)) as BoolVal;
  }

  /** monkit's Event (Meter) `name`. */
  event(name: string): Event {
    return this._value(name, 'event', () => new Event(name)) as Event;
  }

  /** monkit's Counter `name`, with its high and low marks. */
  counter(name: string): Counter {
    return this._value(name, 'counter', () => new Counter(name)) as Counter;
  }

  /** Every value of this scope, sorted by name. */
  values(): MonkitValue[] {
    return Array.from(this._values.values()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private _value(name: string, kind: MonkitValue['kind'], create: () => MonkitValue): MonkitValue {
    let v = this._values.get(name);
    if (v === undefined) {
      if (typeof name !== 'string' || name === '') throw new InvalidOptionError(`Scope "${this.name}"`, 'name', 'must be a non-empty string', name);
      v = create();
      this._values.set(name, v);
    } else if (v.kind !== kind) {
      throw new InvalidOptionError(`Scope "${this.name}"`, 'name', `names a ${v.kind} value already, not a ${kind}`, name);
    }
    return v;
  }
}
