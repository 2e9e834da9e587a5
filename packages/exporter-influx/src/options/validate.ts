import { InvalidOptionError } from '@meterwork/core';

/** The owner named in option errors: `InfluxMetricExporter: option "batchLines" must be ...`. */
export const OWNER = 'InfluxMetricExporter';

/** Throws the one option error of meterwork, naming `option` (a dotted path). */
export function invalid(owner: string, option: string, requirement: string, ...value: [] | [unknown]): never {
  throw new InvalidOptionError(owner, option, requirement, ...value);
}
