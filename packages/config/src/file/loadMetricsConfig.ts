import { ConfigFileError, type ConfigProblem } from './ConfigFileError';
import { parseWithOfficialParser } from './parseFile';
import { meterworkSchemaValidator } from '../schema/meterworkSchema';
import type { MeterworkBlockConfig } from '../model/types';

/** A configuration file read and validated: the official model plus meterwork's block. */
export interface MetricsConfig {
  /** The file it was read from. */
  readonly file: string;
  /**
   * The official parser's model (substituted and validated; `file_format`
   * removed): `meter_provider`, `resource`, `tracer_provider`, ...
   */
  readonly model: Readonly<Record<string, unknown>>;
  /** `distribution.meterwork`, validated, keys in camelCase (empty when the file has none). */
  readonly meterwork: MeterworkBlockConfig;
}

/** Where meterwork's block sits in the file. */
export const METERWORK_BLOCK_PATH = '/distribution/meterwork';

/**
 * Reads `file` once with the official `@opentelemetry/configuration` parser
 * (substitution, standard validation) and validates `distribution.meterwork`
 * against meterwork's schema. Throws {@link ConfigFileError} listing every
 * mistake. Builds nothing: {@link startMetrics} does.
 */
export function loadMetricsConfig(file: string): MetricsConfig {
  const model = parseWithOfficialParser(file);
  const distribution = model.distribution as Record<string, unknown> | undefined;
  const block = distribution?.meterwork;
  if (block === undefined) return { file, model, meterwork: {} };
  const problems: ConfigProblem[] = [];
  const meterwork = meterworkSchemaValidator().validate(block, METERWORK_BLOCK_PATH, problems) as MeterworkBlockConfig;
  if (problems.length > 0) throw new ConfigFileError(file, problems);
  return { file, model, meterwork };
}
