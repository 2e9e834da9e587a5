import { InvalidOptionError } from '@meterwork/core';
import { PRECISIONS, type Precision } from '../lineprotocol/format';
import { SCHEMA_NAMES, type SchemaName } from '../schema/types';

/** Which resource attributes become tags. */
export interface ResourceAttributeSelection {
  /**
   * Attribute keys to keep, or `'*'` for all of them (what the OTel Collector
   * does; SDK resources carry process and SDK attributes that make noisy tags).
   * @default ['service.name', 'service.namespace', 'service.version', 'service.instance.id', 'host.name', 'deployment.environment']
   */
  readonly include?: readonly string[] | '*' | undefined;
  /** Keys removed after `include`. @default [] */
  readonly exclude?: readonly string[] | undefined;
}

/** How metrics become lines: layout, timestamps and tags (the exporter takes these too). */
export interface EncoderOptions {
  /** Line layout. @default 'telegraf-prometheus-v1' */
  readonly schema?: SchemaName | undefined;
  /** Timestamp precision. @default 'ns' */
  readonly precision?: Precision | undefined;
  /** Tags added to every line; point and resource attributes override them. @default {} */
  readonly defaultTags?: Readonly<Record<string, string>> | undefined;
  /** Resource attributes written as tags. @default see {@link ResourceAttributeSelection} */
  readonly resourceAttributes?: ResourceAttributeSelection | undefined;
  /** Write `otel.library.name` / `otel.library.version` tags, as the OTel Collector does. @default true */
  readonly scopeTags?: boolean | undefined;
}

export interface ResolvedEncoderOptions {
  readonly schema: SchemaName;
  readonly precision: Precision;
  readonly defaultTags: Readonly<Record<string, string>>;
  readonly resourceAttributeFilter: (key: string) => boolean;
  readonly scopeTags: boolean;
}

/** Resource attributes written as tags by default; spread it to add your own (`include: [...DEFAULT_RESOURCE_ATTRIBUTES, 'k8s.pod.name']`). */
export const DEFAULT_RESOURCE_ATTRIBUTES: readonly string[] = [
  'service.name',
  'service.namespace',
  'service.version',
  'service.instance.id',
  'host.name',
  'deployment.environment',
];

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** Validated options with defaults; throws `InvalidOptionError` naming `owner` (the encoder, or the exporter that made it). */
export function resolveEncoderOptions(options: EncoderOptions, owner = 'LineProtocolEncoder'): ResolvedEncoderOptions {
  const schema = options.schema ?? 'telegraf-prometheus-v1';
  if (!SCHEMA_NAMES.includes(schema)) throw new InvalidOptionError(owner, 'schema', `must be one of ${SCHEMA_NAMES.join(', ')}`, schema);
  const precision = options.precision ?? 'ns';
  if (!PRECISIONS.includes(precision)) throw new InvalidOptionError(owner, 'precision', `must be one of ${PRECISIONS.join(', ')}`, precision);
  const defaultTags = options.defaultTags ?? {};
  if (typeof defaultTags !== 'object' || defaultTags === null) throw new InvalidOptionError(owner, 'defaultTags', 'must be an object of strings', defaultTags);
  for (const [k, v] of Object.entries(defaultTags)) {
    if (typeof v !== 'string') throw new InvalidOptionError(owner, `defaultTags.${k}`, 'must be a string', v);
  }
  const include = options.resourceAttributes?.include ?? DEFAULT_RESOURCE_ATTRIBUTES;
  const exclude = options.resourceAttributes?.exclude ?? [];
  if (include !== '*' && !isStringArray(include))
    throw new InvalidOptionError(owner, 'resourceAttributes.include', "must be an array of strings or '*'", include);
  if (!isStringArray(exclude)) throw new InvalidOptionError(owner, 'resourceAttributes.exclude', 'must be an array of strings', exclude);
  const included = include === '*' ? undefined : new Set(include);
  const excluded = new Set(exclude);
  const scopeTags = options.scopeTags ?? true;
  if (typeof scopeTags !== 'boolean') throw new InvalidOptionError(owner, 'scopeTags', 'must be a boolean', scopeTags);
  return {
    schema,
    precision,
    defaultTags,
    resourceAttributeFilter: (key) => (included === undefined || included.has(key)) && !excluded.has(key),
    scopeTags,
  };
}
