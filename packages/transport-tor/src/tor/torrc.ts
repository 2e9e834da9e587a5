/** The torrc of a supervised tor (pure, so it is tested without a tor). */

export interface TorrcInput {
  readonly dataDirectory: string;
  /** A fixed port, or 'auto' (tor picks a free one; we read it back). */
  readonly socksPort: number | 'auto';
  /** File where tor writes `PORT=127.0.0.1:<n>` of its control port. */
  readonly controlPortFile: string;
  readonly cookieFile: string;
  readonly ownerPid: number;
  readonly extraLines: readonly string[];
}

export function buildTorrc(input: TorrcInput): string {
  return [
    `DataDirectory ${input.dataDirectory}`,
    // IsolateSOCKSAuth: each session's SOCKS credentials get their own circuits.
    `SocksPort 127.0.0.1:${input.socksPort} IsolateSOCKSAuth ExtendedErrors`,
    'ControlPort 127.0.0.1:auto',
    `ControlPortWriteToFile ${input.controlPortFile}`,
    'CookieAuthentication 1',
    `CookieAuthFile ${input.cookieFile}`,
    // tor exits when this Node process dies, even on SIGKILL.
    `__OwningControllerProcess ${input.ownerPid}`,
    'Log notice stdout',
    'AvoidDiskWrites 1',
    ...input.extraLines,
    '',
  ].join('\n');
}

/** The port in `PORT=127.0.0.1:9051` (ControlPortWriteToFile) or `"127.0.0.1:9050"` (GETINFO net/listeners/socks). */
export function parseListenerPort(text: string): number | undefined {
  const match = /(?:127\.0\.0\.1|localhost|\[::1\]):(\d+)/.exec(text);
  return match ? Number(match[1]) : undefined;
}
