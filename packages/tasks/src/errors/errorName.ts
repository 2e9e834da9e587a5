/**
 * Names an error for `Func.errors()`: a string to use, or undefined to let
 * the next namer (and finally the built-in rules) decide.
 */
export type ErrorNamer = (error: unknown) => string | undefined;

/** The name of errors that cancelled the call (an `AbortError`). */
export const CANCELED = 'Canceled';
/** The name of errors that timed out. */
export const TIMEOUT = 'Timeout';
/** The name when nothing better is known. */
export const SYSTEM_ERROR = 'System Error';

/** `code`s that mean cancelled. */
const CANCEL_CODES = new Set(['ABORT_ERR', 'ERR_CANCELED', 'ECANCELED']);
/** `code`s that mean timed out (Node, undici, common clients). */
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'ERR_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ECONNABORTED', // axios' timeout code
]);
/** `name`s that mean cancelled or timed out. */
const CANCEL_NAMES = new Set(['AbortError', 'CanceledError', 'CancelError']);
const TIMEOUT_NAMES = new Set(['TimeoutError']);
/** Names too generic to tell anything: the constructor name is tried next. */
const GENERIC_NAMES = new Set(['Error', 'DOMException', 'Object', '']);

/**
 * The built-in rules, after the user's namers:
 * 1. the error's own name or code: a string `code` property (Node's
 *    `ECONNRESET`, `ERR_...`), else a `name` property other than `Error`;
 *    but an `AbortError` (name, or code `ABORT_ERR`) is `Canceled` and a
 *    timeout (name `TimeoutError`, codes such as `ETIMEDOUT`,
 *    `UND_ERR_HEADERS_TIMEOUT`) is `Timeout`;
 * 2. the constructor name (a class that did not set `name`), unless `Error`
 *    or `Object`;
 * 3. `System Error`.
 */
export function builtInErrorName(error: unknown): string {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return SYSTEM_ERROR;
  const e = error as { name?: unknown; code?: unknown; constructor?: unknown };
  let name: unknown;
  let code: unknown;
  try {
    name = e.name;
    code = e.code;
  } catch {
    return SYSTEM_ERROR; // a throwing getter must not throw into the caller
  }
  if (typeof name === 'string') {
    if (CANCEL_NAMES.has(name)) return CANCELED;
    if (TIMEOUT_NAMES.has(name)) return TIMEOUT;
  }
  if (typeof code === 'string' && code !== '') {
    if (CANCEL_CODES.has(code)) return CANCELED;
    if (TIMEOUT_CODES.has(code)) return TIMEOUT;
    return code;
  }
  if (typeof name === 'string' && !GENERIC_NAMES.has(name)) return name;
  const ctor = constructorName(error);
  if (ctor !== undefined && !GENERIC_NAMES.has(ctor)) return ctor;
  return SYSTEM_ERROR;
}

function constructorName(error: object): string | undefined {
  try {
    const ctor = (error as { constructor?: unknown }).constructor;
    const name = typeof ctor === 'function' ? (ctor as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Names an error: each namer of `namers` in order (the registry keeps the
 * newest first), the first string answer wins; a namer that throws or
 * answers something else is skipped. Then {@link builtInErrorName}.
 */
export function nameError(error: unknown, namers: readonly ErrorNamer[]): string {
  for (let i = 0; i < namers.length; i++) {
    let name: unknown;
    try {
      name = namers[i]!(error);
    } catch {
      continue;
    }
    if (typeof name === 'string' && name !== '') return name;
  }
  return builtInErrorName(error);
}
