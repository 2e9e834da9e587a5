/** Option checks shared by the readers and producers. */

/** `value` when it is a finite number > 0, `fallback` when undefined; throws otherwise, naming the owner and option. */
export function positiveNumberOption(owner: string, option: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new Error(`${owner}: option "${option}" must be a positive number, got ${String(value)}`);
  }
  return value;
}
