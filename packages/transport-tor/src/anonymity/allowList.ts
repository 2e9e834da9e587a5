import { isIP } from 'node:net';

/**
 * The attribute that carries the session id on every exported point (the
 * OTel semantic-convention key `session.id`); it becomes an InfluxDB tag or
 * Prometheus label of that name.
 */
export const SESSION_ID_ATTRIBUTE = 'session.id';

/**
 * The attribute keys an anonymous session may send, defined once for both
 * sides: the client's anonymous profile keeps only these (plus the keys the
 * user names), the receiving proxy refuses writes with any other tag key
 * (plus the keys the operator names). An allow-list, not a deny-list: a new
 * resource detector's attribute (`host.*`, `process.*`, `os.*`,
 * `service.instance.id`, `container.*`, `k8s.*`, `cloud.*`, ...) is dropped
 * without anyone listing it.
 */
export const ANONYMOUS_ATTRIBUTE_KEYS: readonly string[] = Object.freeze([
  SESSION_ID_ATTRIBUTE,
  // What software is measured, not which machine runs it.
  'service.name',
  'service.namespace',
  'service.version',
  'telemetry.sdk.name',
  'telemetry.sdk.language',
  'telemetry.sdk.version',
  // Scope tags the InfluxDB exporter writes (as the OTel Collector does).
  'otel.library.name',
  'otel.library.version',
  'otel.scope.name',
  'otel.scope.version',
  // Bucket and quantile tags of the `telegraf-prometheus-v2` schema and of Prometheus text.
  'le',
  'quantile',
]);

/** A key filter: {@link ANONYMOUS_ATTRIBUTE_KEYS} plus `extraKeys` (the metric attributes the vendor chose to collect). */
export function anonymousKeyFilter(extraKeys: readonly string[] = []): (key: string) => boolean {
  const allowed = new Set([...ANONYMOUS_ATTRIBUTE_KEYS, ...extraKeys]);
  return (key) => allowed.has(key);
}

const IPV4 = /(?:^|[^0-9.])(?:\d{1,3}\.){3}\d{1,3}(?![0-9.])/;
const MAC = /(?:^|[^0-9a-f])[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}(?![0-9a-f])/i;
const EMAIL = /[^\s@]+@[^\s@]+\.[a-z]{2,}/i;
const IPV6_CANDIDATE = /[0-9a-f]*:[0-9a-f:.]*:[0-9a-f:.%]*/gi;

/**
 * Whether an attribute value looks like it identifies a machine or a person
 * even under an allowed key: an IPv4 or IPv6 address (also inside a longer
 * value such as `10.0.0.7:8080` or `[::1]:80`), a MAC address or an e-mail
 * address. A version such as `1.2.3.4` matches too: rather a refused write
 * than a leaked address.
 */
export function isIdentifyingValue(value: string): boolean {
  if (IPV4.test(value) || MAC.test(value) || EMAIL.test(value)) return true;
  if (!value.includes(':')) return false;
  for (const candidate of value.match(IPV6_CANDIDATE) ?? []) {
    const bare = candidate.replace(/%.*$/, '');
    if (isIP(bare) === 6) return true;
  }
  return false;
}
