import {
  AggregationType,
  ConsoleMetricExporter,
  createAllowListAttributesProcessor,
  createDenyListAttributesProcessor,
  InstrumentType,
  PeriodicExportingMetricReader,
  type AggregationOption,
  type IAttributesProcessor,
  type ViewOptions,
} from '@opentelemetry/sdk-metrics';
import type { ConfigProblem } from '../file/ConfigFileError';
import { DEFAULT_EXPORT_INTERVAL_MILLIS, DEFAULT_EXPORT_TIMEOUT_MILLIS, problemOf } from './meterworkReaders';
import { createOtlpExporter } from './otlp';
import { buildPrometheusDevelopment } from './prometheusDevelopment';
import type { BuiltReader } from './types';

type Obj = Record<string, unknown>;

/** The only entry of a one-key mapping (`exporter: { otlp_http: {...} }`). */
function single(o: unknown): [string, Obj] {
  const [name, value] = Object.entries((o ?? {}) as Obj)[0] ?? ['', undefined];
  return [name, (value ?? {}) as Obj];
}

const NOT_STANDARD =
  "meterwork's exporters (prometheus, pushgateway, influxdb) go under /distribution/meterwork/readers: " +
  'sdk-node turns the whole SDK off (traces too) for one exporter it does not know in meter_provider';

/**
 * The readers of the standard `meter_provider.readers` (already validated by
 * the official parser), built with the official exporter packages:
 * `otlp_http`, `otlp_grpc`, `console`, `prometheus/development`.
 */
export function buildStandardReaders(readers: readonly unknown[], problems: ConfigProblem[]): BuiltReader[] {
  const built: BuiltReader[] = [];
  readers.forEach((r, i) => {
    const path = `/meter_provider/readers/${i}`;
    const [type, reader] = single(r);
    const [name, config] = single(reader.exporter);
    const exporterPath = `${path}/${type}/exporter/${name}`;
    if (type === 'periodic') {
      if (name !== 'otlp_http' && name !== 'otlp_grpc' && name !== 'console') {
        problems.push({ path: exporterPath, message: `is not an exporter meterwork builds here (otlp_http, otlp_grpc, console); ${NOT_STANDARD}` });
        return;
      }
      try {
        const exporter = name === 'console' ? new ConsoleMetricExporter() : createOtlpExporter(name, config as never);
        const interval = (reader.interval as number | null | undefined) ?? DEFAULT_EXPORT_INTERVAL_MILLIS;
        const timeout = (reader.timeout as number | null | undefined) ?? Math.min(DEFAULT_EXPORT_TIMEOUT_MILLIS, interval);
        built.push({
          reader: new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: interval, exportTimeoutMillis: Math.min(timeout, interval) }),
          path,
          exporterName: name,
          exporter,
        });
      } catch (error) {
        problems.push(problemOf(exporterPath, error));
      }
    } else if (type === 'pull') {
      if (name !== 'prometheus/development') {
        problems.push({ path: exporterPath, message: `is not an exporter meterwork builds here (prometheus/development); ${NOT_STANDARD}` });
        return;
      }
      try {
        const host = (config.host as string | null | undefined) ?? 'localhost';
        const port = (config.port as number | null | undefined) ?? 9464;
        const scopeInfo = config.without_scope_info ?? (config.scope_info_enabled == null ? undefined : !config.scope_info_enabled);
        const targetInfo = config['target_info_enabled/development'];
        built.push(
          buildPrometheusDevelopment(path, host, port, {
            ...(scopeInfo == null ? {} : { withoutScopeInfo: Boolean(scopeInfo) }),
            ...(targetInfo == null ? {} : { withoutTargetInfo: !targetInfo }),
          }),
        );
      } catch (error) {
        problems.push(problemOf(exporterPath, error));
      }
    }
  });
  return built;
}

const INSTRUMENT_TYPES: Readonly<Record<string, InstrumentType>> = {
  counter: InstrumentType.COUNTER,
  up_down_counter: InstrumentType.UP_DOWN_COUNTER,
  histogram: InstrumentType.HISTOGRAM,
  gauge: InstrumentType.GAUGE,
  observable_counter: InstrumentType.OBSERVABLE_COUNTER,
  observable_up_down_counter: InstrumentType.OBSERVABLE_UP_DOWN_COUNTER,
  observable_gauge: InstrumentType.OBSERVABLE_GAUGE,
};

function aggregationOption(aggregation: unknown): AggregationOption | undefined {
  const [name, props] = single(aggregation);
  switch (name) {
    case 'drop':
      return { type: AggregationType.DROP };
    case 'sum':
      return { type: AggregationType.SUM };
    case 'last_value':
      return { type: AggregationType.LAST_VALUE };
    case 'explicit_bucket_histogram':
      return {
        type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
        options: {
          boundaries: (props.boundaries as number[] | undefined) ?? [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
          recordMinMax: (props.record_min_max as boolean | undefined) ?? true,
        },
      };
    case 'base2_exponential_bucket_histogram':
      return {
        type: AggregationType.EXPONENTIAL_HISTOGRAM,
        options: { maxSize: (props.max_size as number | undefined) ?? undefined, recordMinMax: (props.record_min_max as boolean | undefined) ?? undefined },
      };
    default:
      return name === '' ? undefined : { type: AggregationType.DEFAULT };
  }
}

/** The standard `meter_provider.views` as sdk-metrics `ViewOptions` (what sdk-node builds from them). */
export function buildStandardViews(views: readonly unknown[]): ViewOptions[] {
  return views.map((v) => {
    const { selector = {}, stream = {} } = v as { selector?: Obj; stream?: Obj };
    const out: Record<string, unknown> = {
      instrumentName: selector.instrument_name ?? undefined,
      instrumentType: typeof selector.instrument_type === 'string' ? INSTRUMENT_TYPES[selector.instrument_type] : undefined,
      instrumentUnit: selector.unit ?? undefined,
      meterName: selector.meter_name ?? undefined,
      meterVersion: selector.meter_version ?? undefined,
      meterSchemaUrl: selector.meter_schema_url ?? undefined,
      name: stream.name ?? undefined,
      description: stream.description ?? undefined,
      aggregation: aggregationOption(stream.aggregation),
      aggregationCardinalityLimit: stream.aggregation_cardinality_limit ?? undefined,
    };
    const keys = stream.attribute_keys as { included?: string[]; excluded?: string[] } | undefined;
    const processors: IAttributesProcessor[] = [];
    if (keys?.included !== undefined && keys.included.length > 0) processors.push(createAllowListAttributesProcessor(keys.included));
    if (keys?.excluded !== undefined && keys.excluded.length > 0) processors.push(createDenyListAttributesProcessor(keys.excluded));
    if (processors.length > 0) out.attributesProcessors = processors;
    for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
    return out as ViewOptions;
  });
}
