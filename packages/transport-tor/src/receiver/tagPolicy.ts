import { SESSION_ID_ATTRIBUTE, isIdentifyingValue } from '../anonymity/allowList';
import type { ParsedLine } from './lineProtocol';

export type TagRejection = 'tag-not-allowed' | 'identifying-value' | 'session-tag-mismatch';

export type TagCheck = { readonly ok: true } | { readonly ok: false; readonly reason: TagRejection; readonly message: string };

const OK: TagCheck = { ok: true };

/** Prometheus spelling of an attribute key (`session.id` -> `session_id`), as OTel's Prometheus exporters write it. */
export function prometheusLabelName(key: string): string {
  return key.replace(/[^a-zA-Z0-9_]/g, '_');
}

/**
 * Every line of a write must use only allowed tag keys, carry no
 * identifying value (tags, string fields, measurement), and name the signing
 * session in its `session.id` tag (when `requireSessionTag`). For an
 * unsigned write (`allowUnsigned`), `sessionId` is undefined and the tag is not checked.
 */
export function checkLines(
  lines: readonly ParsedLine[],
  sessionId: string | undefined,
  allowed: (key: string) => boolean,
  requireSessionTag: boolean,
): TagCheck {
  // Tag values repeat across the lines of a write (session id, routes): judge each once.
  const verdicts = new Map<string, boolean>();
  const identifying = (value: string): boolean => {
    let v = verdicts.get(value);
    if (v === undefined) verdicts.set(value, (v = isIdentifyingValue(value)));
    return v;
  };
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] as ParsedLine;
    const where = (): string => `line ${n + 1} (${JSON.stringify(line.measurement.slice(0, 60))})`; // built only for a refusal
    if (identifying(line.measurement)) return { ok: false, reason: 'identifying-value', message: `${where()}: the measurement name looks like an address` };
    let session: string | undefined;
    for (const [key, value] of line.tags) {
      if (key === SESSION_ID_ATTRIBUTE) session = value;
      else if (!allowed(key))
        return { ok: false, reason: 'tag-not-allowed', message: `${where()}: tag key ${JSON.stringify(key)} is not on the receiver's allow-list` };
      if (identifying(value))
        return { ok: false, reason: 'identifying-value', message: `${where()}: the value of tag ${JSON.stringify(key)} looks like an address` };
    }
    for (const text of line.stringFields) {
      if (isIdentifyingValue(text)) return { ok: false, reason: 'identifying-value', message: `${where()}: a string field looks like an address` };
    }
    if (sessionId !== undefined && (session !== undefined ? session !== sessionId : requireSessionTag)) {
      return {
        ok: false,
        reason: 'session-tag-mismatch',
        message: `${where()}: tag ${SESSION_ID_ATTRIBUTE} must be the signing session's id ${sessionId}, got ${session === undefined ? 'none' : JSON.stringify(session.slice(0, 64))}`,
      };
    }
  }
  return OK;
}

/**
 * A Pushgateway grouping key (`/metrics/job/<job>/<label>/<value>...`, values
 * possibly `@base64`): labels other than `job` must be allowed (in their
 * Prometheus spelling), values must not identify, and a `session_id` label,
 * if there is one, must be the signing session's id. (Without one, the
 * write gate adds it: see `WriteGate`.)
 */
export function checkGroupingKey(labels: ReadonlyArray<readonly [string, string]>, sessionId: string | undefined, allowed: (key: string) => boolean): TagCheck {
  for (const [name, value] of labels) {
    if (name === SESSION_LABEL) {
      if (sessionId !== undefined && value !== sessionId)
        return { ok: false, reason: 'session-tag-mismatch', message: `grouping label ${SESSION_LABEL} must be the signing session's id ${sessionId}` };
    } else if (name !== 'job' && !allowed(name)) {
      return { ok: false, reason: 'tag-not-allowed', message: `grouping label ${JSON.stringify(name)} is not on the receiver's allow-list` };
    }
    if (isIdentifyingValue(value))
      return { ok: false, reason: 'identifying-value', message: `the value of grouping label ${JSON.stringify(name)} looks like an address` };
  }
  return OK;
}

/** The session label of Pushgateway grouping keys: `session.id` in its Prometheus spelling. */
export const SESSION_LABEL = prometheusLabelName(SESSION_ID_ATTRIBUTE);
