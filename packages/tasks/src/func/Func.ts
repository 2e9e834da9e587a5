import type { ReservoirOptions } from '@meterwork/core';
import { Dist } from '../values/Dist';

/**
 * One edge of the call graph: `parent` called `child` `count` times
 * (`parent` undefined: the child was started outside any task, monkit's
 * "entry").
 */
export interface CallEdge {
  readonly parent: Func | undefined;
  readonly child: Func;
  /** Calls of `child` started with `parent` as the current task. */
  readonly count: number;
}

/** @internal A mutable call-graph edge; handed out as a {@link CallEdge}. */
export class Edge implements CallEdge {
  count = 0;
  constructor(
    readonly parent: Func | undefined,
    readonly child: Func,
  ) {}
}

/** What a {@link Func} needs from its registry. */
export interface FuncOwner {
  readonly name: string;
}

/**
 * The statistics of one instrumented function (monkit's `Func`): how many
 * calls run now, the most that ran at once, successes, failures by error
 * name, panics, duration distributions (seconds) and its callers.
 *
 * Every field is live: read it when you render. Counts are cumulative since
 * the function was first instrumented.
 */
export class Func {
  /** Calls running now. */
  current = 0;
  /** The most calls that ran at once. */
  highwater = 0;
  /** Calls that returned (or resolved). */
  success = 0;
  /** Calls that threw or rejected with a panic (see `RegistryOptions.isPanic`); not counted in `errors`. */
  panics = 0;
  /** Durations of successful calls, in seconds. */
  readonly successTimes: Dist;
  /** Durations of failed calls (errors and panics), in seconds. */
  readonly failureTimes: Dist;
  /** @internal Failures by error name. */
  readonly _errors = new Map<string, number>();
  /** @internal Callers, by caller (undefined: entry). */
  readonly _parents = new Map<Func | undefined, Edge>();
  // One-entry cache of the last caller's edge: a function is usually called
  // from the same place many times in a row, and a Map lookup is ~20 ns.
  /** @internal */
  _lastParent: Func | undefined | null = null;
  /** @internal */
  _lastEdge: Edge | undefined = undefined;

  constructor(
    /** Unique in its registry, a positive integer below 2^53. */
    readonly id: number,
    /** The scope (monkit's package) this function belongs to. */
    readonly scope: FuncOwner,
    /** The function's own name. */
    readonly name: string,
    reservoir: ReservoirOptions,
  ) {
    this.successTimes = new Dist(reservoir);
    this.failureTimes = new Dist(reservoir);
  }

  /** `<scope>.<name>`: what trace regexes match. */
  get fullName(): string {
    return `${this.scope.name}.${this.name}`;
  }

  /** Failures that were not panics, by error name, sorted by name. */
  errors(): Array<[name: string, count: number]> {
    return Array.from(this._errors).sort(byFirst);
  }

  /** Failures that were not panics, all names together. */
  get errorCount(): number {
    let n = 0;
    for (const c of this._errors.values()) n += c;
    return n;
  }

  /** Calls that finished: successes, errors and panics. */
  get total(): number {
    return this.success + this.errorCount + this.panics;
  }

  /**
   * Who called this function and how often, entry (no parent task) first,
   * then callers by full name.
   */
  parents(): CallEdge[] {
    return Array.from(this._parents.values()).sort(byParentName);
  }

  /** Whether some call started outside any task (monkit's `entry`). */
  get entry(): boolean {
    return this._parents.has(undefined);
  }

  /** @internal Counts a call from `parent`. */
  _calledFrom(parent: Func | undefined): void {
    let edge: Edge | undefined;
    if (parent === this._lastParent) edge = this._lastEdge!;
    else {
      edge = this._parents.get(parent);
      if (edge === undefined) {
        edge = new Edge(parent, this);
        this._parents.set(parent, edge);
      }
      this._lastParent = parent;
      this._lastEdge = edge;
    }
    edge.count++;
  }

  /** @internal Counts a failure named `name`. */
  _error(name: string): void {
    this._errors.set(name, (this._errors.get(name) ?? 0) + 1);
  }
}

function byFirst(a: [string, number], b: [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function byParentName(a: CallEdge, b: CallEdge): number {
  if (a.parent === b.parent) return 0;
  if (a.parent === undefined) return -1;
  if (b.parent === undefined) return 1;
  const x = a.parent.fullName;
  const y = b.parent.fullName;
  return x < y ? -1 : x > y ? 1 : a.parent.id - b.parent.id;
}
