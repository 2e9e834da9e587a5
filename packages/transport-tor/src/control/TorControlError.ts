/** A Tor control command answered with a non-2xx status, or a connection that failed or closed. */
export class TorControlError extends Error {
  override readonly name = 'TorControlError';
  /** The reply's status code (e.g. 515 bad authentication, 552 unrecognised key), or undefined for connection errors. */
  readonly code: number | undefined;

  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}
