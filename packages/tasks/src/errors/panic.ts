import { types } from 'node:util';

/** Decides whether a thrown or rejected value is a panic (a bug) rather than an error. */
export type PanicPredicate = (thrown: unknown) => boolean;

const PROGRAMMING_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError']);

/**
 * The default panic definition: JavaScript has no panics, so a failure is a
 * panic when it looks like a programming error rather than an expected
 * failure: a thrown value that is not an error at all (`throw 'x'`,
 * `throw undefined`, a plain object without a string `name` and `message`),
 * or a `TypeError`, `ReferenceError` or `RangeError` (a call on undefined, a
 * typo, an invalid array length or a stack overflow). Everything else,
 * including `SyntaxError` from `JSON.parse` (usually bad input) and
 * `DOMException`s such as `AbortError`, is an error. Errors from another
 * realm (a `vm` context, a worker's structured clone) are recognized too.
 */
export function defaultIsPanic(thrown: unknown): boolean {
  if (thrown instanceof Error) return thrown instanceof TypeError || thrown instanceof ReferenceError || thrown instanceof RangeError;
  if (types.isNativeError(thrown)) return PROGRAMMING_ERRORS.has((thrown as Error).name);
  if (thrown === null || typeof thrown !== 'object') return true;
  try {
    const e = thrown as { name?: unknown; message?: unknown };
    return typeof e.name !== 'string' || typeof e.message !== 'string';
  } catch {
    return true;
  }
}
