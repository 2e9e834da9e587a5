/**
 * Pushgateway URL paths: `/metrics/job/<job>{/<label>/<value>}`. A value that
 * contains `/` (or is empty) cannot be a path segment, so the Pushgateway
 * accepts `<label>@base64/<base64url value>` instead (empty value: `=`).
 * `.` and `..` are encoded that way too: URL parsing (WHATWG `URL`, proxies)
 * resolves them as dot segments, which would push to another group.
 * See https://github.com/prometheus/pushgateway#url.
 */

import { InvalidOptionError } from '@meterwork/core';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function segment(key: string, value: string): string {
  if (value.length === 0) return `${key}@base64/=`;
  if (value.includes('/') || value === '.' || value === '..') return `${key}@base64/${Buffer.from(value, 'utf8').toString('base64url')}`;
  return `${key}/${encodeURIComponent(value)}`;
}

/**
 * Validates a job and grouping key; throws with a message naming the option.
 * Called once by the exporter constructor.
 */
export function validateGroupingKey(job: string, groupingKey: Readonly<Record<string, string>>): void {
  if (typeof job !== 'string' || job.length === 0) throw new InvalidOptionError('PushgatewayExporter', 'job', 'must be a non-empty string', job);
  if (groupingKey === null || typeof groupingKey !== 'object')
    throw new InvalidOptionError('PushgatewayExporter', 'groupingKey', 'must be an object of label values', groupingKey);
  for (const [key, value] of Object.entries(groupingKey)) {
    if (!LABEL_NAME.test(key) || key.startsWith('__')) {
      throw new InvalidOptionError('PushgatewayExporter', 'groupingKey', 'must have valid label names (not starting with __)', key);
    }
    if (key === 'job') throw new InvalidOptionError('PushgatewayExporter', 'groupingKey', 'must not contain "job" (use option "job")', key);
    if (typeof value !== 'string') throw new InvalidOptionError('PushgatewayExporter', `groupingKey.${key}`, 'must be a string', value);
  }
}

/**
 * The path of a group below the gateway's base path, e.g.
 * `/metrics/job/batch/instance/host%201` or `/metrics/job/batch/path@base64/L3Zhci90bXA`.
 * Grouping key labels keep their given order (the Pushgateway does not care).
 */
export function groupingKeyPath(job: string, groupingKey: Readonly<Record<string, string>> = {}): string {
  let path = '/metrics/' + segment('job', job);
  for (const key of Object.keys(groupingKey)) path += '/' + segment(key, groupingKey[key]!);
  return path;
}
