import { promises as fs } from 'node:fs';
import { InvalidOptionError } from '@meterwork/core';
import { TorControlConnection, parseKeywords, type TorControlAddress, type TorControlAuth, type TorControlEvent } from '../control/TorControlConnection';
import { TorControlError } from '../control/TorControlError';
import { parseClientAuthPublicKey } from './clientAuth';

const OWNER = 'publishOnionService';

/** Options of {@link publishOnionService}. */
export interface OnionServiceOptions {
  /** tor's control port. */
  readonly control: TorControlAddress;
  /** Control-port authentication. @default what PROTOCOLINFO offers (cookie file or none) */
  readonly controlAuth?: TorControlAuth | undefined;
  /** Where tor forwards connections: the local collector or the receiving proxy. */
  readonly target: { readonly host?: string | undefined; readonly port: number };
  /** Port of the onion address. @default 80 */
  readonly virtualPort?: number | undefined;
  /**
   * Authorised clients' x25519 public keys (`descriptor:x25519:<base32>` or
   * bare base32). Only clients holding one of the private keys can fetch the
   * descriptor, so nobody else can even connect. Empty means anyone who knows
   * the address can connect.
   */
  readonly clientAuthV3: readonly string[];
  /**
   * The service's identity: `undefined` for an ephemeral key (a new address
   * each run, never written anywhere), or a file holding `ED25519-V3:<base64>`
   * (created with mode 0600 on first use), which keeps the address across runs.
   * @default undefined (ephemeral)
   */
  readonly keyFile?: string | undefined;
  /**
   * `Flags=Detach`: the service outlives the control connection (until tor
   * stops or `DEL_ONION`). Without it, tor removes the service when this
   * process (its control connection) goes away.
   * @default false
   */
  readonly detach?: boolean | undefined;
  /** Bounds waiting for the descriptor upload (`HS_DESC UPLOADED`); 0 does not wait. @default 120000 */
  readonly uploadTimeoutMillis?: number | undefined;
}

/** A published onion service. */
export interface PublishedOnionService {
  /** The 56-character service id (the address without `.onion`). */
  readonly serviceId: string;
  /** `<serviceId>.onion`. */
  readonly address: string;
  /** Whether the key was created in this run (and written to `keyFile`, when one was given). */
  readonly newKey: boolean;
  /** Resolves when the control connection closes (tor stopped, or {@link close}/{@link remove} was called). */
  readonly closed: Promise<Error>;
  /** Removes the service (`DEL_ONION`) and closes the control connection. */
  remove(): Promise<void>;
  /** Closes the control connection (removing the service unless it was detached). */
  close(): void;
}

/**
 * Publishes a v3 onion service through tor's control port with `ADD_ONION`,
 * with client authorisation when keys are given, and waits until its
 * descriptor is uploaded to at least one HSDir.
 */
export async function publishOnionService(options: OnionServiceOptions): Promise<PublishedOnionService> {
  const virtualPort = options.virtualPort ?? 80;
  if (!Number.isInteger(virtualPort) || virtualPort < 1 || virtualPort > 65535)
    throw new InvalidOptionError(OWNER, 'virtualPort', 'must be a port (1-65535)', virtualPort);
  const targetPort = options.target.port;
  if (!Number.isInteger(targetPort) || targetPort < 1 || targetPort > 65535)
    throw new InvalidOptionError(OWNER, 'target.port', 'must be a port (1-65535)', targetPort);
  const clientKeys = options.clientAuthV3.map((text, i) => {
    const key = parseClientAuthPublicKey(text);
    if (key === undefined)
      throw new InvalidOptionError(OWNER, `clientAuthV3[${i}]`, 'must be descriptor:x25519:<base32 public key> (52 base32 characters)', text);
    return key;
  });
  const existingKey = options.keyFile === undefined ? undefined : await readKeyFile(options.keyFile);
  const control = await TorControlConnection.open(options.control, options.controlAuth ?? {});
  const closed = new Promise<Error>((resolve) => control.once('close', resolve));
  try {
    const uploaded = new Set<string>();
    const failed = new Map<string, string>();
    let wake: () => void = () => {};
    control.on('event', (event: TorControlEvent) => {
      // 650 HS_DESC UPLOADED|FAILED <service id> <auth> <hsdir> ... [REASON=...]
      const words = (event.lines[0] ?? '').split(' ');
      if (words[0] !== 'HS_DESC' || words[2] === undefined) return;
      if (words[1] === 'UPLOADED') uploaded.add(words[2]);
      if (words[1] === 'FAILED') failed.set(words[2], parseKeywords(event.lines[0] ?? '').get('REASON') ?? 'unknown');
      wake();
    });
    const wait = (options.uploadTimeoutMillis ?? 120_000) > 0;
    if (wait) await control.setEvents(['HS_DESC']);
    const flags = [
      ...(options.detach === true ? ['Detach'] : []),
      ...(options.keyFile === undefined ? ['DiscardPK'] : []),
      ...(clientKeys.length > 0 ? ['V3Auth'] : []),
    ];
    const command = [
      'ADD_ONION',
      existingKey ?? 'NEW:ED25519-V3',
      ...(flags.length > 0 ? [`Flags=${flags.join(',')}`] : []),
      ...clientKeys.map((k) => `ClientAuthV3=${k}`),
      `Port=${virtualPort},${options.target.host ?? '127.0.0.1'}:${targetPort}`,
    ].join(' ');
    const reply = await control.command(command);
    const keywords = parseKeywords(reply.lines.join(' '));
    const serviceId = keywords.get('ServiceID');
    if (serviceId === undefined) throw new TorControlError(`ADD_ONION: no ServiceID in the reply (${reply.lines.join(' ')})`);
    const privateKey = keywords.get('PrivateKey');
    if (options.keyFile !== undefined && existingKey === undefined) {
      if (privateKey === undefined) throw new TorControlError('ADD_ONION: tor returned no PrivateKey to save');
      await fs.writeFile(options.keyFile, privateKey + '\n', { mode: 0o600, flag: 'wx' });
    }
    if (wait) {
      const deadline = Date.now() + (options.uploadTimeoutMillis ?? 120_000);
      while (!uploaded.has(serviceId)) {
        if (control.closed) throw new TorControlError('tor control connection closed before the descriptor was uploaded');
        if (Date.now() > deadline) {
          const why = failed.get(serviceId);
          throw new TorControlError(
            `the onion descriptor of ${serviceId} was not uploaded within ${options.uploadTimeoutMillis ?? 120_000} ms${why ? ` (last failure: ${why})` : ''}`,
          );
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 500).unref();
        });
      }
      await control.setEvents([]);
    }
    return {
      serviceId,
      address: `${serviceId}.onion`,
      newKey: existingKey === undefined,
      closed,
      async remove() {
        try {
          if (!control.closed) await control.command(`DEL_ONION ${serviceId}`);
        } finally {
          control.close();
        }
      },
      close: () => control.close(),
    };
  } catch (error) {
    control.close();
    throw error;
  }
}

/** `ED25519-V3:<base64>` from `file`, or undefined when it does not exist. */
async function readKeyFile(file: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InvalidOptionError(OWNER, 'keyFile', `must be readable (${(error as Error).message})`, file);
  }
  const key = text.trim();
  if (!/^ED25519-V3:[A-Za-z0-9+/]{86}==$/.test(key))
    throw new InvalidOptionError(OWNER, 'keyFile', 'must hold ED25519-V3:<base64 of 64 bytes> (as written by this command)', file);
  return key;
}
