import Ajv from 'ajv';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { loadMetricsConfig, ConfigFileError, SCHEMA_PATH } from '@meterwork/config';
import { FIXTURES, HEADER, withEnv, writeConfig } from './helpers';
import { INVALID_CASES } from './invalidCases';

// The shipped schema, compiled by a full JSON Schema validator (ajv, draft-07), must accept and reject
// the same `distribution.meterwork` blocks as the loader (which walks the same file with its own small interpreter).
const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

const VALID_BLOCKS: readonly string[] = [
  readFileSync(join(FIXTURES, 'three-readers-twenty-views.yaml'), 'utf8'),
  HEADER +
    `distribution:
  meterwork:
    prefix: ui
    readers:
      - periodic:
          interval: 15000
          timeout: 5000
          exporter:
            pushgateway:
              url: http://127.0.0.1:9091
              job: checkout
              grouping_key: { instance: host-1 }
              auth: { basic: { username: u, password: p } }
              headers: { X-Team: pay }
              method: POST
              request_timeout_millis: 1000
              export_timeout_millis: 5000
              retry: { max_retries: Infinity, initial_delay_millis: 100, max_delay_millis: 1000, max_retry_after_millis: 2000 }
              serializer: { with_scope_labels: false, with_target_info: false, with_unit_suffix: true, with_total_suffix: true, with_resource_constant_labels: { include: [service.name] }, max_exponential_buckets: 20, with_created: false, chunk_size_chars: 4096 }
              delete_on_shutdown: true
      - periodic:
          exporter:
            influxdb:
              url: https://influx.example
              v2: { org: o, bucket: b }
              auth: { bearer: token }
              headers: { X-A: b }
              batch_lines: 100
              batch_bytes: 100000
              max_in_flight: 1
              max_buffer_lines: 1000
              max_buffer_bytes: 1000000
              retry: { max_retries: 3 }
              request_timeout_millis: 1000
              flush_timeout_millis: 2000
              session_id_tag: session
              self_metrics: false
              temporality: delta
              schema: telegraf-prometheus-v2
              precision: ms
              default_tags: { region: eu }
              resource_attributes: { include: "*", exclude: [host.name] }
              scope_tags: false
      - periodic: { exporter: { otlp_http: { endpoint: "http://127.0.0.1:4318/v1/metrics", encoding: json, compression: gzip, timeout: 1000, temporality_preference: delta, headers: [{ name: a, value: b }], headers_list: "c=d" } } }
      - periodic: { exporter: { otlp_grpc: { endpoint: "http://127.0.0.1:4317" } } }
      - periodic: { exporter: { console: } }
      - pull: { exporter: { prometheus: { host: 127.0.0.1, port: 9464, endpoint: /m, auth: { bearer: t }, gzip: false, with_created: true } } }
    views:
      - selector: { instrument_name: "http.*", instrument_type: histogram, unit: s, meter_name: m, meter_version: "1", meter_schema_url: "https://x" }
        stream: { name: n, description: d, attribute_keys: { excluded: [user] }, aggregation_cardinality_limit: 100, keep_otel_aggregation: true, aggregation: { timer: { reservoir: { bounded_time_window: { window: 60000, relative_error: 0.01, max_buckets: 100, sub_windows: 4 } } } } }
      - selector: { instrument_name: jobs }
        stream: { aggregation: { go_no_go: { error_attribute: failed, outliers: { k: 2.5, min_samples: 10 }, period: 30000 } } }
      - selector: { instrument_name: m }
        stream: { aggregation: { meter: } }
    policies:
      - { name: fast, interval: 1000, report: ["cpu.*", "mem.?"], report_inactive: true, temporality: delta, exporters: [influxdb], export_timeout_millis: 500 }
      - { name: rest, report: ["*"] }
`,
  HEADER +
    `distribution:
  meterwork:
    readers:
      - periodic: { exporter: { influxdb: { url: "http://abc.onion", v1: { database: d }, transport: tor } } }
      - periodic: { exporter: { pushgateway: { url: "http://abc.onion", job: j, transport: tor } } }
    tor:
      tor:
        tor_path: /usr/bin/tor
        data_directory: /var/lib/app/tor
        socks_port: auto
        torrc_lines: ["UseBridges 0"]
        onion_client_auth: [{ address: abc.onion, private_key: KEY }]
        bootstrap_timeout_millis: 180000
        restart: { max_retries: Infinity, initial_delay_millis: 1000, max_delay_millis: 60000 }
        healthy_after_millis: 60000
        stop_timeout_millis: 5000
      anonymous: { rotate_every_hours: 24, attribute_keys: [http.route], round_timestamps_millis: 60000 }
`,
  HEADER +
    `distribution:
  meterwork:
    tor:
      attach: { socks_port: 9050, socks_host: 127.0.0.1, control_port: 9051, control_auth: { cookie_file: /run/tor/control.authcookie }, onion_client_auth: [{ address: abc.onion, private_key: KEY }] }
      anonymous: true
`,
];

/** `distribution.meterwork` of a file as the official parser would substitute it (the cases use ${VAR} only where env gives it). */
function blockOf(yaml: string, env: Record<string, string> = {}): unknown {
  const substituted = yaml.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => env[name] ?? fallback ?? '');
  return (parse(substituted) as { distribution?: { meterwork?: unknown } }).distribution?.meterwork;
}

describe('the JSON Schema and the loader agree', () => {
  it.each(VALID_BLOCKS.map((y, i) => [i, y] as const))('valid file %i: both accept', (_i, yaml) => {
    const ok = validate(blockOf(yaml));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(() => loadMetricsConfig(writeConfig(yaml))).not.toThrow();
  });

  const schemaCases = INVALID_CASES.filter((c) => c.atStart !== true && c.path.startsWith('/distribution/meterwork'));
  it('checks at least 20 invalid files', () => expect(schemaCases.length).toBeGreaterThanOrEqual(20));

  it.each(schemaCases.map((c) => [c.name, c] as const))('invalid: %s: both reject, at the same key', async (_name, c) => {
    const block = blockOf(c.yaml, c.env);
    expect(validate(block)).toBe(false);
    const error = await withEnv(c.env ?? {}, () => {
      try {
        loadMetricsConfig(writeConfig(c.yaml));
      } catch (e) {
        return e as ConfigFileError;
      }
      return undefined;
    });
    expect(error).toBeInstanceOf(ConfigFileError);
    // ajv points at the object holding the bad key for required/additionalProperties errors; ours at the key itself.
    const ajvPaths = (validate.errors ?? []).map((e) =>
      e.keyword === 'additionalProperties'
        ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`
        : e.keyword === 'required'
          ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
          : e.instancePath,
    );
    expect(ajvPaths.map((p) => `/distribution/meterwork${p}`)).toContain(error!.problems[0]!.path);
  });

  it('cross-option rules the schema cannot express are the only ones left to start-up', () => {
    for (const c of INVALID_CASES.filter((x) => x.atStart === true && x.path.startsWith('/distribution/meterwork'))) {
      expect(validate(blockOf(c.yaml, c.env))).toBe(true);
    }
  });
});
