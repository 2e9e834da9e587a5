import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { AggregationTemporality } from '@opentelemetry/sdk-metrics';
import { PrometheusSerializer, serializeResourceMetrics, type ExpositionFormat } from '../../src/index';
import { comments, exponentialHistogram, gauge, histogram, resourceMetrics, samples, sum } from './fixtures';

function captureWarnings(): { warnings: string[]; restore: () => void } {
  const warnings: string[] = [];
  const logger: DiagLogger = { error: () => {}, warn: (m: string) => warnings.push(m), info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { warnings, restore: () => diag.disable() };
}

const SCOPE = 'otel_scope_name="lib",otel_scope_version="1.2"';

describe.each<ExpositionFormat>(['prometheus-text', 'openmetrics'])('PrometheusSerializer (%s)', (format) => {
  const om = format === 'openmetrics';
  const serializer = new PrometheusSerializer();
  const render = (metrics: Parameters<typeof resourceMetrics>[0][number]['metrics'], resource?: Record<string, string>) =>
    serializer.serialize(resourceMetrics([{ name: 'lib', version: '1.2', metrics }], resource), format);

  it('ends with # EOF only in OpenMetrics', () => {
    const text = render([]);
    expect(text.endsWith('# EOF\n')).toBe(om);
  });

  it('renders target_info from the resource (info type in OpenMetrics)', () => {
    const text = render([], { 'service.name': 'svc', 'host.name': 'h1' });
    if (om) {
      expect(comments(text)).toEqual(['# HELP target Target metadata', '# TYPE target info', '# EOF']);
    } else {
      expect(comments(text)).toEqual(['# HELP target_info Target metadata', '# TYPE target_info gauge']);
    }
    expect(samples(text)).toEqual(['target_info{service_name="svc",host_name="h1"} 1']);
  });

  it('renders a monotonic sum as a counter with _total and, in OpenMetrics, _created', () => {
    const text = render([
      sum(
        'http.requests',
        [
          [{ method: 'GET' }, 3],
          [{ method: 'POST' }, 4.5],
        ],
        { unit: '{request}', description: 'Requests' },
      ),
    ]);
    if (om) {
      expect(text).toContain('# HELP http_requests Requests\n# TYPE http_requests counter\n');
      expect(samples(text)).toEqual(
        expect.arrayContaining([
          `http_requests_total{method="GET",${SCOPE}} 3`,
          `http_requests_created{method="GET",${SCOPE}} 1700000000.5`,
          `http_requests_total{method="POST",${SCOPE}} 4.5`,
        ]),
      );
    } else {
      expect(text).toContain('# HELP http_requests_total Requests\n# TYPE http_requests_total counter\n');
      expect(samples(text)).toEqual([
        'target_info{service_name="test"} 1',
        `http_requests_total{method="GET",${SCOPE}} 3`,
        `http_requests_total{method="POST",${SCOPE}} 4.5`,
      ]);
    }
  });

  it('renders gauges and non-monotonic sums as gauges, with # UNIT in OpenMetrics', () => {
    const text = render([gauge('temp', [[{}, 21.5]], { unit: 'Cel' }), sum('queue.size', [[{ q: 'a' }, -2]], { monotonic: false, unit: 'By' })]);
    expect(text).toContain('# TYPE temp_celsius gauge\n');
    expect(text).toContain('# TYPE queue_size_bytes gauge\n');
    expect(text.includes('# UNIT queue_size_bytes bytes\n')).toBe(om);
    expect(samples(text)).toEqual(expect.arrayContaining([`temp_celsius{${SCOPE}} 21.5`, `queue_size_bytes{q="a",${SCOPE}} -2`]));
    expect(text).not.toContain('temp_celsius_created');
  });

  it('renders histograms with cumulative buckets, +Inf, _sum, _count', () => {
    const text = render([
      histogram('http.server.duration', [[{ route: '/' }, { buckets: { boundaries: [0.1, 1], counts: [2, 3, 1] }, count: 6, sum: 4.2, min: 0.01, max: 3 }]], {
        unit: 's',
        description: 'Duration',
      }),
    ]);
    const lines = samples(text).slice(1);
    const expected = [
      `http_server_duration_seconds_bucket{route="/",${SCOPE},le="0.1"} 2`,
      `http_server_duration_seconds_bucket{route="/",${SCOPE},le="1"} 5`,
      `http_server_duration_seconds_bucket{route="/",${SCOPE},le="+Inf"} 6`,
      `http_server_duration_seconds_sum{route="/",${SCOPE}} 4.2`,
      `http_server_duration_seconds_count{route="/",${SCOPE}} 6`,
    ];
    if (om) expected.push(`http_server_duration_seconds_created{route="/",${SCOPE}} 1700000000.5`);
    expect(lines).toEqual(expected);
    expect(text).toContain('# TYPE http_server_duration_seconds histogram\n');
  });

  it('omits a histogram _sum when observations were negative (spec: sum only when monotonic)', () => {
    const text = render([histogram('delta', [[{}, { buckets: { boundaries: [0], counts: [1, 1] }, count: 2, sum: 0, min: -1, max: 1 }]])]);
    expect(text).not.toContain('delta_sum');
    expect(text).toContain(`delta_count{${SCOPE}} 2`);
  });

  it('omits a histogram _sum when a bucket bound is negative, even without min (OpenMetrics: no Sum with negative thresholds)', () => {
    const text = render([histogram('temp.change', [[{}, { buckets: { boundaries: [-5, 0, 5], counts: [0, 0, 2, 0] }, count: 2, sum: 6 }]])]);
    expect(text).not.toContain('temp_change_sum');
    expect(text).toContain(`temp_change_bucket{${SCOPE},le="-5"} 0`);
    expect(text).toContain(`temp_change_count{${SCOPE}} 2`);
  });

  it('converts an exponential histogram to cumulative buckets at its scale', () => {
    // scale 0: base 2; positive offset 0 covers (1,2], (2,4]; negative offset 0 covers [-2,-1)
    const text = render([
      exponentialHistogram(
        'sizes',
        [
          [
            {},
            {
              count: 6,
              sum: 9,
              scale: 0,
              zeroCount: 1,
              positive: { offset: 0, bucketCounts: [2, 2] },
              negative: { offset: 0, bucketCounts: [1] },
              min: -1.5,
              max: 3.5,
            },
          ],
        ],
        { unit: 'By' },
      ),
    ]);
    const buckets = samples(text).filter((l) => l.startsWith('sizes_bytes_bucket'));
    expect(buckets.map((l) => l.replace(/\{.*le="([^"]+)"\}/, ' $1'))).toEqual([
      'sizes_bytes_bucket -1 1',
      'sizes_bytes_bucket 0 2',
      'sizes_bytes_bucket 2 4',
      'sizes_bytes_bucket 4 6',
      'sizes_bytes_bucket +Inf 6',
    ]);
  });

  it('merges one name from two scopes into one HELP/TYPE block', () => {
    const text = serializer.serialize(
      resourceMetrics([
        { name: 'a', metrics: [sum('jobs', [[{}, 1]], { description: 'Jobs' })] },
        { name: 'b', metrics: [sum('jobs', [[{}, 2]])] },
      ]),
      format,
    );
    expect(comments(text).filter((c) => c.startsWith('# TYPE jobs'))).toHaveLength(1);
    expect(samples(text)).toEqual(expect.arrayContaining(['jobs_total{otel_scope_name="a"} 1', 'jobs_total{otel_scope_name="b"} 2']));
  });

  it('drops a later metric whose type conflicts, with diag.warn', () => {
    const { warnings, restore } = captureWarnings();
    try {
      const text = serializer.serialize(
        resourceMetrics([
          { name: 'a', metrics: [sum('jobs', [[{}, 1]])] },
          { name: 'b', metrics: [gauge('jobs', [[{}, 7]]), gauge('jobs.total', [[{}, 8]])] },
        ]),
        format,
      );
      expect(text).not.toContain(' 7\n');
      expect(text).not.toContain(' 8\n');
      expect(comments(text).filter((c) => c.startsWith('# TYPE'))).toHaveLength(2);
      expect(warnings.filter((w) => w.includes("dropping metric 'jobs'"))).toHaveLength(1);
      expect(warnings.filter((w) => w.includes("dropping metric 'jobs.total'"))).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it('keeps the first HELP and UNIT of a name, keeps all points, and warns once per name and serializer (not per scrape) naming both values', () => {
    const { warnings, restore } = captureWarnings();
    try {
      const s = new PrometheusSerializer();
      // 'rate' in By/s and 'rate.bytes' in 1/s are both rate_bytes_per_second (units bytes_per_second / per_second).
      const rm = resourceMetrics([
        { name: 'a', metrics: [sum('jobs', [[{}, 1]], { description: 'Jobs run' }), gauge('rate', [[{}, 3]], { unit: 'By/s', description: 'Rate' })] },
        { name: 'b', metrics: [sum('jobs', [[{}, 2]], { description: 'Jobs started' }), gauge('rate.bytes', [[{}, 4]], { unit: '1/s', description: 'Rate' })] },
      ]);
      const text = s.serialize(rm, format);
      const jobs = om ? 'jobs' : 'jobs_total';
      expect(comments(text).filter((c) => c.startsWith(`# HELP ${jobs} `))).toEqual([`# HELP ${jobs} Jobs run`]);
      expect(comments(text).filter((c) => c.startsWith('# UNIT '))).toEqual(om ? ['# UNIT rate_bytes_per_second bytes_per_second'] : []);
      expect(samples(text)).toEqual(
        expect.arrayContaining([
          'jobs_total{otel_scope_name="a"} 1',
          'jobs_total{otel_scope_name="b"} 2',
          'rate_bytes_per_second{otel_scope_name="a"} 3',
          'rate_bytes_per_second{otel_scope_name="b"} 4',
        ]),
      );
      const help = warnings.filter((w) => w.includes('HELP'));
      const unit = warnings.filter((w) => w.includes('UNIT'));
      expect(help).toHaveLength(1);
      expect(help[0]).toContain("'jobs' (jobs_total)");
      expect(help[0]).toContain('"Jobs started"');
      expect(help[0]).toContain('"Jobs run" was seen first');
      expect(unit).toHaveLength(1);
      expect(unit[0]).toContain("'rate.bytes' (rate_bytes_per_second)");
      expect(unit[0]).toContain('UNIT "per_second" but "bytes_per_second" was seen first');
      // a scrape loop (both formats) does not repeat them
      for (let i = 0; i < 5; i++) {
        s.serialize(rm, 'prometheus-text');
        [...s.serializeChunks(rm, 'openmetrics')];
      }
      expect(warnings).toHaveLength(2);
      // another serializer warns on its own
      new PrometheusSerializer().serialize(rm, format);
      expect(warnings).toHaveLength(4);
    } finally {
      restore();
    }
  });

  it('drops delta sums and histograms with a warning', () => {
    const { warnings, restore } = captureWarnings();
    try {
      const text = render([sum('d', [[{}, 1]], { temporality: AggregationTemporality.DELTA })]);
      expect(text).not.toContain('d_total');
      expect(warnings.join()).toContain('delta temporality');
    } finally {
      restore();
    }
  });

  it('escapes label values and HELP text as the format requires', () => {
    const text = render([gauge('g', [[{ v: 'a"b\\c\nd' }, 1]], { description: 'say "hi"\\\nbye' })]);
    expect(samples(text)).toContain(`g{v="a\\"b\\\\c\\nd",${SCOPE}} 1`);
    expect(text).toContain(om ? '# HELP g say \\"hi\\"\\\\\\nbye\n' : '# HELP g say "hi"\\\\\\nbye\n');
  });

  it('merges attribute keys that collide after sanitising with ; in sorted key order', () => {
    const text = render([gauge('g', [[{ 'a-b': '2', 'a.b': '1', a_b: '3' }, 1]])]);
    // sorted original keys: a-b, a.b, a_b
    expect(samples(text)).toContain(`g{a_b="2;1;3",${SCOPE}} 1`);
  });

  it('renames attributes that clash with labels the exporter adds (le, otel_scope_name)', () => {
    const text = render([
      histogram('h', [
        [
          { le: 'x', otel_scope_name: 'y' },
          { buckets: { boundaries: [], counts: [1] }, count: 1, sum: 1 },
        ],
      ]),
    ]);
    expect(samples(text)).toContain(`h_bucket{_le="x",_otel_scope_name="y",${SCOPE},le="+Inf"} 1`);
  });

  it('renames le and quantile attributes on every family type (promtool flags them outside histograms/summaries)', () => {
    const text = render([gauge('g', [[{ le: '1', quantile: '2' }, 1]])], { le: 'r' });
    expect(samples(text)).toContain(`g{_le="1",_quantile="2",${SCOPE}} 1`);
    expect(samples(text)).toContain('target_info{_le="r"} 1');
  });

  it('falls back to the instrument name when the description is blank', () => {
    const text = render([gauge('my.gauge', [[{}, 1]], { description: ' \t\u0085' })]);
    expect(text).toContain('# HELP my_gauge my.gauge\n');
  });

  it('formats special floats and stringifies non-string attributes', () => {
    const text = render([
      gauge('g', [
        [{ n: 1, b: true, arr: ['x', 'y'] }, NaN],
        [{ k: 'inf' }, Infinity],
        [{ k: 'ninf' }, -Infinity],
        [{ k: 'big' }, 1e20],
        [{ k: 'small' }, 1.5e-7],
      ]),
    ]);
    expect(samples(text)).toEqual(
      expect.arrayContaining([
        `g{n="1",b="true",arr="[\\"x\\",\\"y\\"]",${SCOPE}} NaN`,
        `g{k="inf",${SCOPE}} +Inf`,
        `g{k="ninf",${SCOPE}} -Inf`,
        `g{k="big",${SCOPE}} 100000000000000000000`,
        `g{k="small",${SCOPE}} 1.5e-7`,
      ]),
    );
  });

  it('copies resource attributes as constant labels by include/exclude', () => {
    const s = new PrometheusSerializer({ withResourceConstantLabels: { include: [/^service\./, 'host.name'], exclude: ['service.version'] } });
    const text = s.serialize(
      resourceMetrics([{ name: 'lib', metrics: [gauge('g', [[{ 'service.name': 'attr wins' }, 1]])] }], {
        'service.name': 'svc',
        'service.version': '9',
        'host.name': 'h',
        other: 'o',
      }),
      format,
    );
    expect(samples(text)).toContain('g{_service_name="attr wins",otel_scope_name="lib",service_name="svc",host_name="h"} 1');
  });

  it('renames constant resource labels that would clash with labels the exporter adds', () => {
    const s = new PrometheusSerializer({ withResourceConstantLabels: {} });
    const text = s.serialize(resourceMetrics([{ name: 'lib', metrics: [gauge('g', [[{}, 1]])] }], { le: '1', otel_scope_name: 'x' }), format);
    expect(samples(text)).toContain('g{otel_scope_name="lib",_le="1",_otel_scope_name="x"} 1');
  });

  it('can disable scope labels and target_info', () => {
    const s = new PrometheusSerializer({ withScopeLabels: false, withTargetInfo: false });
    const text = s.serialize(resourceMetrics([{ name: 'lib', metrics: [gauge('g', [[{}, 1]])] }]), format);
    expect(samples(text)).toEqual(['g 1']);
  });

  it('yields chunks of about chunkSizeChars that join to the whole text', () => {
    const points: Array<[Record<string, string>, number]> = [];
    for (let i = 0; i < 2000; i++) points.push([{ id: String(i) }, i]);
    const rm = resourceMetrics([{ name: 'lib', metrics: [sum('many', points)] }]);
    const s = new PrometheusSerializer({ chunkSizeChars: 4096 });
    const chunks = [...s.serializeChunks(rm, format)];
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThan(4096 + 512);
    expect(chunks.join('')).toBe(s.serialize(rm, format));
  });

  it('produces chunks lazily: the first chunk is ready before most points are read', () => {
    const points: Array<[Record<string, string>, number]> = [];
    for (let i = 0; i < 20_000; i++) points.push([{ id: String(i) }, i]);
    const metric = sum('lazy', points);
    let read = 0;
    const tracked = new Proxy(metric.dataPoints, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) read++;
        return Reflect.get(target, key, receiver);
      },
    });
    const rm = resourceMetrics([{ name: 'lib', metrics: [{ ...metric, dataPoints: tracked } as typeof metric] }]);
    const iterator = new PrometheusSerializer({ chunkSizeChars: 8192 }).serializeChunks(rm, format)[Symbol.iterator]();
    const first = iterator.next();
    expect(first.done).toBe(false);
    expect(read).toBeLessThan(1000);
  });

  it('serializeResourceMetrics is the same as a serializer instance', () => {
    const rm = resourceMetrics([{ name: 'lib', metrics: [gauge('g', [[{}, 1]])] }]);
    expect(serializeResourceMetrics(rm, format)).toBe(new PrometheusSerializer().serialize(rm, format));
  });
});

describe('PrometheusSerializer options', () => {
  it.each([
    [{ maxExponentialBuckets: 0 }, 'maxExponentialBuckets'],
    [{ chunkSizeChars: 0 }, 'chunkSizeChars'],
    [{ withScopeLabels: 'yes' as never }, 'withScopeLabels'],
    [{ withResourceConstantLabels: { include: [1 as never] } }, 'withResourceConstantLabels.include'],
  ])('rejects %j naming the option', (options, name) => {
    expect(() => new PrometheusSerializer(options)).toThrow(name);
  });

  it('rejects an unknown format', () => {
    expect(() => new PrometheusSerializer().serialize(resourceMetrics([]), 'json' as never)).toThrow('format');
  });
});
