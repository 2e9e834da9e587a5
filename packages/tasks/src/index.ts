// The public surface of @meterwork/tasks.
export { Registry } from './registry/Registry';
export type { ObserveTracesOptions } from './registry/Registry';
export type { RegistryOptions } from './registry/options';
export { Scope } from './registry/Scope';
export type { StatsSink, StatsTags } from './registry/stats';
export { Func } from './func/Func';
export type { CallEdge } from './func/Func';
export { Span } from './span/Span';
export type { SpanInfo, RunningSpan, FinishedSpan } from './span/Span';
export { currentSpan } from './span/current';
export type { TraceFilter, TraceObserver } from './trace/TraceCollector';
export type { TaskOptions, AnyFunction } from './task/wrap';
export type { TaskDecorator } from './task/decorator';
export { builtInErrorName, nameError, CANCELED, TIMEOUT, SYSTEM_ERROR } from './errors/errorName';
export type { ErrorNamer } from './errors/errorName';
export { defaultIsPanic } from './errors/panic';
export type { PanicPredicate } from './errors/panic';
export { Dist, FUNC_QUANTILES } from './values/Dist';
export type { DistField } from './values/Dist';
export { DistValue } from './values/DistValue';
export type { IntVal, FloatVal, DurationVal } from './values/DistValue';
export { BoolVal } from './values/BoolVal';
export { Event } from './values/Event';
export { Counter } from './values/Counter';
export type { MonkitValue, ValueKind, FieldSink } from './values/types';
export { defaultRegistry, scope, task } from './defaults';
export { createTasksMetricSource } from './metrics/TasksMetricSource';
export type { TasksMetricSourceOptions } from './metrics/TasksMetricSource';
export { TASK_METRIC_NAMES } from './metrics/names';

// The present endpoint and the live dashboard.
export { createPresentHandler } from './present/createPresentHandler';
export type { PresentHandler } from './present/createPresentHandler';
export { startPresentServer } from './present/startPresentServer';
export type { PresentServer } from './present/startPresentServer';
export type { PresentHandlerOptions, PresentServerOptions } from './present/options';
export type { DashboardOptions } from './dashboard/types';
