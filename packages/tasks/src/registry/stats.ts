import type { Scope } from './Scope';

/** monkit's series tags: sorted by key when rendered. */
export type StatsTags = Readonly<Record<string, string>>;

/**
 * Receives one field of one series (`/stats` line `measurement,tags field=value`).
 * The same `tags` object is passed for every field of a series.
 */
export type StatsSink = (measurement: string, tags: StatsTags, field: string, value: number) => void;

/** @internal One scope's stats, in monkit's order. */
export function writeStats(scope: Scope, sink: StatsSink): void {
  for (const f of scope.funcs()) {
    const tags = { name: f.name, scope: scope.name };
    const errors = f.errorCount;
    sink('function', tags, 'current', f.current);
    sink('function', tags, 'highwater', f.highwater);
    sink('function', tags, 'successes', f.success);
    sink('function', tags, 'errors', errors);
    sink('function', tags, 'panics', f.panics);
    sink('function', tags, 'failures', errors + f.panics);
    sink('function', tags, 'total', f.success + errors + f.panics);
    for (const [name, count] of f.errors()) sink('function', { error_name: name, name: f.name, scope: scope.name }, 'count', count);
    const success = { kind: 'success', name: f.name, scope: scope.name };
    f.successTimes.stats((field, value) => sink('function_times', success, field, value));
    const failure = { kind: 'failure', name: f.name, scope: scope.name };
    f.failureTimes.stats((field, value) => sink('function_times', failure, field, value));
  }
  for (const v of scope.values()) {
    const tags = { scope: scope.name };
    v.stats((field, value) => sink(v.name, tags, field, value));
  }
}
