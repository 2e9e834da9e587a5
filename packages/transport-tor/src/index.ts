// The public surface of @meterwork/transport-tor.
export { Session } from './session/Session';
export type { RequestToSign, SessionOptions } from './session/Session';
export { RequestVerifier } from './session/RequestVerifier';
export type { RequestVerifierOptions, ReceivedRequest, VerifyResult, SignatureRejection } from './session/RequestVerifier';
export { SESSION_HEADERS, SIGNATURE_SCHEME } from './session/headers';
export { sessionIdFromPublicKey, isSessionId, SESSION_ID_LENGTH } from './session/sessionId';
export { SESSION_ID_ATTRIBUTE, ANONYMOUS_ATTRIBUTE_KEYS, anonymousKeyFilter, isIdentifyingValue } from './anonymity/allowList';
export { base32Encode, base32Decode } from './encoding/base32';
export { TorControlConnection, quoteControlString, parseKeywords } from './control/TorControlConnection';
export type { TorControlAddress, TorControlAuth, TorControlEvent } from './control/TorControlConnection';
export type { TorControlReply } from './control/ReplyParser';
export { TorControlError } from './control/TorControlError';
