/** Cluster IPC messages between the primary and the workers. */
export const COLLECT_REQUEST = 'meterwork:cluster:collect';
export const COLLECT_RESPONSE = 'meterwork:cluster:collected';

export interface CollectRequest {
  readonly type: typeof COLLECT_REQUEST;
  readonly requestId: number;
}

export interface CollectResponse {
  readonly type: typeof COLLECT_RESPONSE;
  readonly requestId: number;
  /** `encodeCollection` text, or absent with `error` set. */
  readonly payload?: string;
  readonly error?: string;
}

export function isCollectRequest(message: unknown): message is CollectRequest {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as CollectRequest).type === COLLECT_REQUEST &&
    typeof (message as CollectRequest).requestId === 'number'
  );
}

export function isCollectResponse(message: unknown): message is CollectResponse {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as CollectResponse).type === COLLECT_RESPONSE &&
    typeof (message as CollectResponse).requestId === 'number'
  );
}
