/**
 * torrc text for the private Tor network of the integration tests (a port of
 * the verified recipe tor-private-network.sh; timings and pitfalls in
 * FIELD-NOTES.md "A private Tor network on loopback"). Pure: no processes.
 */

export const LOOPBACK = '127.0.0.1';

/** One directory authority: its keys decide the `DirAuthority` line every node needs. */
export interface AuthorityIdentity {
  readonly nickname: string;
  readonly orPort: number;
  readonly dirPort: number;
  readonly controlPort: number;
  /** v3 identity fingerprint (from tor-gencert's certificate). */
  readonly v3ident: string;
  /** Relay identity fingerprint (from `tor --list-fingerprint`). */
  readonly fingerprint: string;
}

export function dirAuthorityLine(a: AuthorityIdentity): string {
  return `DirAuthority ${a.nickname} orport=${a.orPort} no-v2 v3ident=${a.v3ident} ${LOOPBACK}:${a.dirPort} ${a.fingerprint}`;
}

/**
 * The lines that make any tor (a test node, or a tor the code under test
 * starts) join this network instead of the public one.
 */
export function networkTorrcLines(authorities: readonly AuthorityIdentity[]): string[] {
  return ['TestingTorNetwork 1', 'PathsNeededToBuildCircuits 0.67', 'GeoIPFile ""', 'GeoIPv6File ""', ...authorities.map(dirAuthorityLine)];
}

/** Lines every node of the network has (data dir, logs, control port with cookie, ownership). */
export function commonTorrc(options: {
  readonly nickname: string;
  readonly dataDir: string;
  readonly controlPort: number;
  readonly authorities: readonly AuthorityIdentity[];
  readonly ownerPid: number;
}): string[] {
  return [
    ...networkTorrcLines(options.authorities),
    `DataDirectory ${options.dataDir}`,
    `Nickname ${options.nickname}`,
    `Log notice file ${options.dataDir}/notice.log`,
    'SafeLogging 0',
    `ControlPort ${LOOPBACK}:${options.controlPort}`,
    'CookieAuthentication 1',
    'ShutdownWaitLength 0',
    // tor exits when the test process dies, even on SIGKILL of jest.
    `__OwningControllerProcess ${options.ownerPid}`,
  ];
}

/**
 * Authority + guard/middle/exit/HSDir relay. `votingStartOffset` puts the first
 * consensus' valid-after >= ~4.5 s after launch, so every authority's
 * descriptor is in it (else it comes one 10 s voting round later).
 */
export function authorityTorrc(a: AuthorityIdentity, votingStartOffset: number): string[] {
  return [
    'SocksPort 0',
    `Address ${LOOPBACK}`,
    `ORPort ${LOOPBACK}:${a.orPort}`,
    `DirPort ${LOOPBACK}:${a.dirPort}`,
    `ContactInfo ${a.nickname}@test.invalid`,
    'AssumeReachable 1',
    'AuthoritativeDirectory 1',
    'V3AuthoritativeDirectory 1',
    'TestingV3AuthInitialVotingInterval 5',
    'TestingV3AuthInitialVoteDelay 2',
    'TestingV3AuthInitialDistDelay 2',
    'V3AuthVotingInterval 10',
    'V3AuthVoteDelay 2',
    'V3AuthDistDelay 2',
    'V3AuthNIntervalsValid 2',
    `TestingV3AuthVotingStartOffset ${votingStartOffset}`,
    'TestingDirAuthVoteExit *',
    'TestingDirAuthVoteGuard *',
    'TestingDirAuthVoteHSDir *',
    'TestingMinExitFlagThreshold 0',
    'ExitRelay 1',
    'ExitPolicyRejectPrivate 0',
    // A loopback-only policy makes clients see no exits: accept everything.
    `ExitPolicy accept ${LOOPBACK}/8:*`,
    'ExitPolicy accept *:*',
    'ServerDNSResolvConfFile /dev/null',
    'ServerDNSDetectHijacking 0',
    'ServerDNSTestAddresses',
  ];
}

/** `TestingV3AuthVotingStartOffset` for authorities launched at `nowSeconds` (the recipe's formula). */
export function votingStartOffset(nowSeconds: number): number {
  return Math.floor(nowSeconds + 6) % 5;
}

/** A client: SOCKS port with extended errors (0xF4/0xF5 for onion auth), onion auth dir. */
export function clientTorrc(socksPort: number, onionAuthDir: string): string[] {
  return [`SocksPort ${LOOPBACK}:${socksPort} ExtendedErrors IsolateSOCKSAuth`, `ClientOnionAuthDir ${onionAuthDir}`];
}

/** A node that hosts onion services added at run time with ADD_ONION (no SOCKS). */
export function onionHostTorrc(): string[] {
  return ['SocksPort 0'];
}
