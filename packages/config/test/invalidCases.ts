// The invalid files of invalidFiles.test.ts, also checked against the JSON Schema (schemaAgreement.test.ts).
import { HEADER } from './helpers';

/** One invalid file: what it contains, the variables it is read with, and the one problem it must give. */
export interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly env?: Record<string, string>;
  readonly path: string;
  readonly message: RegExp;
  /** The mistake is found when the provider is built (a package, a cross-option rule), not by the schema. */
  readonly atStart?: boolean;
}

export const MW = HEADER + 'distribution:\n  meterwork:\n';
const PULL = '    readers:\n      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 0 } } }\n';
export const view = (aggregation: string, selector = '{ instrument_name: a.b }'): string =>
  `    views:\n      - selector: ${selector}\n        stream: { aggregation: ${aggregation} }\n`;
export const V = '/distribution/meterwork/views/0/stream/aggregation';
const R = '/distribution/meterwork/readers/0';

export const INVALID_CASES: readonly Case[] = [
  {
    name: 'wrong type after ${VAR} substitution (window from the environment)',
    yaml:
      MW +
      '    views:\n      - selector: { instrument_name: a }\n        stream:\n          aggregation:\n            sliding_time_window:\n              window: ${WINDOW}\n',
    env: { WINDOW: '60s' },
    path: `${V}/sliding_time_window/window`,
    message: /must be an integer >= 1, found "60s"/,
  },
  {
    name: 'wrong type after substitution of a default (${PORT:-abc})',
    yaml: MW + '    readers:\n      - pull:\n          exporter:\n            prometheus:\n              port: ${PROM_PORT_UNSET_FOR_TEST:-abc}\n',
    path: `${R}/pull/exporter/prometheus/port`,
    message: /must be an integer >= 0 and <= 65535, found "abc"/,
  },
  {
    name: 'boolean re-typed by substitution where a string is needed',
    yaml: MW + '    prefix: ${PREFIX_FOR_TEST:-false}\n',
    path: '/distribution/meterwork/prefix',
    message: /must be a string, found false/,
  },
  {
    name: 'unknown aggregation',
    yaml: MW + view('{ hdr_histogram: { digits: 3 } }'),
    path: `${V}/hdr_histogram`,
    message:
      /is not a known key; allowed: sliding_window, sliding_time_window, bounded_time_window, uniform, exponentially_decaying, meter, timer, go_no_go, tagged_histogram/,
  },
  {
    name: 'two aggregations in one view',
    yaml: MW + view('{ meter: {}, timer: {} }'),
    path: V,
    message: /must have exactly one of .*, found meter, timer/,
  },
  {
    name: 'sliding_time_window without window',
    yaml: MW + view('{ sliding_time_window: { quantiles: [0.5] } }'),
    path: `${V}/sliding_time_window/window`,
    message: /is required/,
  },
  {
    name: 'quantile above 1',
    yaml: MW + view('{ uniform: { quantiles: [0.5, 1.5] } }'),
    path: `${V}/uniform/quantiles/1`,
    message: /must be a number >= 0 and <= 1, found 1.5/,
  },
  {
    name: 'relative_error out of (0, 1)',
    yaml: MW + view('{ bounded_time_window: { window: 1000, relative_error: 1 } }'),
    path: `${V}/bounded_time_window/relative_error`,
    message: /must be a number > 0 and < 1, found 1/,
  },
  {
    name: 'unknown option of an aggregation (core name instead of the file name)',
    yaml: MW + view('{ sliding_time_window: { window_millis: 1000, window: 1000 } }'),
    path: `${V}/sliding_time_window/window_millis`,
    message: /is not a known key; allowed: window, max_samples, max_samples_per_instrument, quantiles/,
  },
  {
    name: 'timer with an aggregation that is not a reservoir',
    yaml: MW + view('{ timer: { reservoir: { meter: {} } } }'),
    path: `${V}/timer/reservoir/meter`,
    message: /is not a known key; allowed: sliding_window, sliding_time_window/,
  },
  {
    name: 'unknown instrument_type',
    yaml: MW + view('{ meter: {} }', '{ instrument_name: a, instrument_type: observable_counter }'),
    path: '/distribution/meterwork/views/0/selector/instrument_type',
    message: /must be one of "counter", "up_down_counter", "histogram", "gauge", found "observable_counter"/,
  },
  {
    name: 'view without selector keys',
    yaml: MW + view('{ meter: {} }', '{}'),
    path: '/distribution/meterwork/views/0/selector',
    message: /must have at least 1 of instrument_name/,
  },
  {
    name: 'unknown key at the top of our block',
    yaml: MW + '    reader: []\n',
    path: '/distribution/meterwork/reader',
    message: /is not a known key; allowed: readers, views, policies, prefix/,
  },
  {
    name: 'unknown exporter in our readers',
    yaml: MW + '    readers:\n      - periodic: { exporter: { statsd: { host: x } } }\n',
    path: `${R}/periodic/exporter/statsd`,
    message: /is not a known key; allowed: pushgateway, influxdb, otlp_http, otlp_grpc, console/,
  },
  {
    name: 'pushgateway without job',
    yaml: MW + '    readers:\n      - periodic: { exporter: { pushgateway: { url: "http://127.0.0.1:9091" } } }\n',
    path: `${R}/periodic/exporter/pushgateway/job`,
    message: /is required/,
  },
  {
    name: 'pushgateway option in camelCase',
    yaml: MW + '    readers:\n      - periodic: { exporter: { pushgateway: { url: "http://127.0.0.1:9091", job: j, requestTimeoutMillis: 5 } } }\n',
    path: `${R}/periodic/exporter/pushgateway/requestTimeoutMillis`,
    message: /is not a known key; allowed: .*request_timeout_millis/,
  },
  {
    name: 'pushgateway url that is not http(s)',
    yaml: MW + '    readers:\n      - periodic: { exporter: { pushgateway: { url: "ftp://x", job: j } } }\n',
    path: `${R}/periodic/exporter/pushgateway/url`,
    message: /must match \^https\?:\/\/, found "ftp:\/\/x"/,
  },
  {
    name: 'pushgateway method not PUT/POST',
    yaml: MW + '    readers:\n      - periodic: { exporter: { pushgateway: { url: "http://x", job: j, method: GET } } }\n',
    path: `${R}/periodic/exporter/pushgateway/method`,
    message: /must be one of "PUT", "POST", found "GET"/,
  },
  {
    name: 'influxdb with both v1 and v2',
    yaml: MW + '    readers:\n      - periodic: { exporter: { influxdb: { url: "http://x", v1: { database: d }, v2: { bucket: b } } } }\n',
    path: `${R}/periodic/exporter/influxdb`,
    message: /must have exactly one of v1, v2, found v1 and v2/,
  },
  {
    name: 'auth with both bearer and basic',
    yaml:
      MW +
      '    readers:\n      - periodic: { exporter: { influxdb: { url: "http://x", v1: { database: d }, auth: { bearer: t, basic: { username: u, password: p } } } } }\n',
    path: `${R}/periodic/exporter/influxdb/auth`,
    message: /must have exactly one of bearer, basic, found bearer, basic/,
  },
  {
    name: 'retry max_retries negative',
    yaml: MW + '    readers:\n      - periodic: { exporter: { pushgateway: { url: "http://x", job: j, retry: { max_retries: -1 } } } }\n',
    path: `${R}/periodic/exporter/pushgateway/retry/max_retries`,
    message: /must be an integer >= 0 or one of "Infinity", found -1/,
  },
  {
    name: 'reader with both periodic and pull',
    yaml: MW + '    readers:\n      - periodic: { exporter: { console: {} } }\n        pull: { exporter: { prometheus: {} } }\n',
    path: R,
    message: /must have exactly one of periodic, pull, found periodic, pull/,
  },
  {
    name: 'periodic timeout longer than its interval',
    yaml: MW + '    readers:\n      - periodic: { interval: 1000, timeout: 5000, exporter: { console: {} } }\n',
    path: `${R}/periodic/timeout`,
    message: /must be <= interval \(1000\), found 5000/,
    atStart: true,
  },
  {
    name: 'policy without report',
    yaml: MW + PULL + '    policies:\n      - { name: fast, interval: 1000 }\n',
    path: '/distribution/meterwork/policies/0/report',
    message: /is required/,
  },
  {
    name: 'policy temporality unknown',
    yaml: MW + PULL + '    policies:\n      - { name: fast, report: ["cpu.*"], temporality: reset }\n',
    path: '/distribution/meterwork/policies/0/temporality',
    message: /must be one of "cumulative", "delta", found "reset"/,
  },
  {
    name: 'views not a list',
    yaml: MW + '    views: { selector: {} }\n',
    path: '/distribution/meterwork/views',
    message: /must be a list of mappings, found an object/,
  },
  {
    name: 'meterwork exporter inside the standard meter_provider (sdk-node would be a no-op)',
    yaml: HEADER + 'meter_provider:\n  readers:\n    - periodic: { exporter: { pushgateway: { url: "http://x", job: j } } }\n',
    path: '/meter_provider/readers/0/periodic/exporter/pushgateway',
    message: /go under \/distribution\/meterwork\/readers: sdk-node turns the whole SDK off/,
    atStart: true,
  },
  {
    name: 'a named view whose selector has wildcards (core rejects it)',
    yaml: MW + '    views:\n      - selector: { instrument_name: "a.*" }\n        stream: { name: renamed, aggregation: { meter: {} } }\n',
    path: '/distribution/meterwork/views/0',
    message: /wildcard/,
    atStart: true,
  },
  {
    name: 'an unknown key in the tor block',
    yaml: MW + '    tor:\n      attach: { socks_port: 9050, bogus: 1 }\n',
    path: '/distribution/meterwork/tor/attach/bogus',
    message: /is not a known key; allowed: socks_port, socks_host, control_port, control_auth, onion_client_auth/,
  },
  {
    name: 'a tor socks port that is not a number after ${VAR} substitution',
    yaml: MW + '    tor:\n      attach:\n        socks_port: ${TOR_SOCKS_PORT}\n',
    env: { TOR_SOCKS_PORT: 'nine' },
    path: '/distribution/meterwork/tor/attach/socks_port',
    message: /must be an integer .*found "nine"/,
  },
  {
    name: 'tor anonymous neither a boolean nor profile options',
    yaml: MW + '    tor:\n      anonymous: { rotate_every: 1 }\n',
    path: '/distribution/meterwork/tor/anonymous',
    message: /must be /,
  },
  {
    name: 'an exporter transport other than tor',
    yaml: MW + '    readers:\n      - periodic: { exporter: { influxdb: { url: "http://127.0.0.1:8086", v1: { database: d }, transport: i2p } } }\n',
    path: `${R}/periodic/exporter/influxdb/transport`,
    message: /must be one of "tor", found "i2p"/,
  },
  {
    name: 'transport: tor without a tor block',
    yaml: MW + '    readers:\n      - periodic: { exporter: { influxdb: { url: "http://127.0.0.1:8086", v1: { database: d }, transport: tor } } }\n',
    path: `${R}/periodic/exporter/influxdb/transport`,
    message: /names the tor transport, but distribution.meterwork has no tor block/,
    atStart: true,
  },
  {
    name: 'tor attach and a supervised tor together',
    yaml:
      MW +
      '    tor:\n      attach: { socks_port: 9050 }\n      tor: { tor_path: /usr/bin/tor }\n' +
      '    readers:\n      - periodic: { exporter: { influxdb: { url: "http://127.0.0.1:8086", v1: { database: d }, transport: tor } } }\n',
    path: '/distribution/meterwork/tor/tor',
    message: /cannot be combined with 'attach'/,
    atStart: true,
  },
];
