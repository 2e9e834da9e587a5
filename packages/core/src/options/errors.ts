/**
 * The one error thrown for an invalid option, by every meterwork package.
 * Message format: `<Owner>: option "<path>" <what it must be>, got <value>`,
 * e.g. `PushgatewayExporter: option "retry.maxRetries" must be a non-negative integer, got -1`.
 * It is a `TypeError` (as Node's own `ERR_INVALID_ARG_*` are), so `instanceof TypeError` keeps working.
 */
export class InvalidOptionError extends TypeError {
  /** The component that rejected the option, e.g. `PushgatewayExporter`. */
  readonly owner: string;
  /** Dotted path of the option, e.g. `auth.basic.username` or `views[2].aggregation.windowMillis`. */
  readonly option: string;

  /** `value`, when given, is shown after `got` (also when it is `undefined`). */
  constructor(owner: string, option: string, requirement: string, ...value: [] | [unknown]) {
    super(`${owner}: option "${option}" ${requirement}${value.length === 0 ? '' : `, got ${describeOptionValue(value[0])}`}`);
    this.name = 'InvalidOptionError';
    this.owner = owner;
    this.option = option;
  }
}

/** How a rejected value is shown: strings quoted (and cut at 60 chars), others as `String()`. */
export function describeOptionValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '...' : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
