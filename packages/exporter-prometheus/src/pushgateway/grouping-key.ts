/**
 * Pushgateway URL paths: `/metrics/job/<job>{/<label>/<value>}`. A value that
 * contains `/` (or is empty) cannot be a path segment, so the Pushgateway
 * accepts `<label>@base64/<base64url value>` instead (empty value: `=`).
 * `.` and `..` are encoded that way too: URL parsing (WHATWG `URL`, proxies)
 * resolves them as dot segments, which would push to another group.
 * See https://github.com/prometheus/pushgateway#url.
 */

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
  if (typeof job !== 'string' || job.length === 0) throw new Error('PushgatewayExporter: option "job" must be a non-empty string');
  for (const [key, value] of Object.entries(groupingKey)) {
    if (!LABEL_NAME.test(key) || key.startsWith('__')) {
      throw new Error(`PushgatewayExporter: option "groupingKey" has an invalid label name ${JSON.stringify(key)}`);
    }
    if (key === 'job') throw new Error('PushgatewayExporter: option "groupingKey" must not contain "job" (use option "job")');
    if (typeof value !== 'string') throw new Error(`PushgatewayExporter: option "groupingKey.${key}" must be a string`);
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
