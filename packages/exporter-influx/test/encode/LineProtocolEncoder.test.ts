import { InvalidOptionError } from '@meterwork/core';
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { AggregationTemporality, DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { encodeLineProtocol, LineProtocolEncoder } from '../../src/encode/LineProtocolEncoder';
import { percentileKey } from '../../src/schema/schemas';
import { counter, descriptor, EDGE_VALUES, gauge, histogram, resourceMetrics, rich, richData, summaryValue, T0, T0_NS } from '../util';

function captureDiag(): { warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  const logger: DiagLogger = {
    error: (m) => warnings.push(m),
    warn: (m) => warnings.push(m),
    info: () => undefined,
    debug: () => undefined,
    verbose: () => undefined,
  };
  diag.setLogger(logger, DiagLogLevel.WARN);
  return { warnings, restore: () => diag.disable() };
}

const noScope = { scopeTags: false } as const;

describe('LineProtocolEncoder: telegraf-prometheus-v1 (default)', () => {
  it('writes gauges and monotonic sums with the Collector field names, as floats', () => {
    const text = encodeLineProtocol(
      resourceMetrics([gauge('temp', [[{ room: 'a' }, 21]]), counter('requests', [[{ code: 200 }, 5]]), counter('inflight', [[{}, 3]], false)]),
      noScope,
    );
    expect(text.split('\n')).toEqual([
      `temp,room=a,service.name=svc gauge=21 ${T0_NS}`,
      `requests,code=200,service.name=svc counter=5 ${T0_NS}`,
      `inflight,service.name=svc gauge=3 ${T0_NS}`,
    ]);
  });

  it('adds scope tags like the Collector', () => {
    const [line] = new LineProtocolEncoder().encode(resourceMetrics([gauge('g', [[{}, 1]])]));
    expect(line).toBe(`g,otel.library.name=test-scope,otel.library.version=1.0.0,service.name=svc gauge=1 ${T0_NS}`);
  });

  it('writes histograms as count, sum, min, max and cumulative bucket fields', () => {
    const [line] = new LineProtocolEncoder(noScope).encode(resourceMetrics([histogram('latency', {}, [0.1, 1], [2, 3, 1], 4.5, 0.05, 2)]));
    expect(line).toBe(`latency,service.name=svc count=6,sum=4.5,min=0.05,max=2,0.1=2,1=5,+Inf=6 ${T0_NS}`);
  });

  it('writes meterwork summaries with natural fields and quantile keys', () => {
    const data = richData('summary', 'rt', [{ attributes: { route: '/x' }, value: summaryValue() }]);
    const [line] = new LineProtocolEncoder(noScope).encode(resourceMetrics([rich(data)]));
    expect(line).toBe(`rt,route=/x,service.name=svc count=10,sum=55,min=1,max=10,mean=5.5,stddev=3.02765,0.5=5.5,0.99=10 ${T0_NS}`);
  });

  it('skips the standard-encoded siblings of rich data (each rich metric once)', () => {
    const data = richData('meter', 'hits', [{ attributes: {}, value: { count: 3, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 0.5 } }]);
    const lines = new LineProtocolEncoder(noScope).encode(resourceMetrics([rich(data), rich(data)]));
    expect(lines).toEqual([`hits,service.name=svc count=3,m1_rate=1,m5_rate=2,m15_rate=3,mean_rate=0.5 ${T0_NS}`]);
  });

  it('writes timers: distribution plus rates', () => {
    const value = { ...summaryValue(), rates: { count: 10, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 } };
    const [line] = new LineProtocolEncoder(noScope).encode(resourceMetrics([rich(richData('timer', 'db', [{ attributes: {}, value }]))]));
    expect(line).toContain(' count=10,sum=55,min=1,max=10,mean=5.5,stddev=3.02765,m1_rate=1,m5_rate=2,m15_rate=3,mean_rate=4,0.5=5.5,0.99=10 ');
  });

  it('writes go/no-go counts, sums, means, min, max and outliers', () => {
    const stats = (n: number) => ({ count: n, sum: n * 2, periodCount: n, mean: 2, min: 1, max: 3 });
    const data = richData('go_no_go', 'jobs', [
      { attributes: {}, value: { go: stats(4), noGo: stats(1), outliers: 0, periodStartMillis: 0, periodMillis: 60_000 } },
    ]);
    const [line] = new LineProtocolEncoder(noScope).encode(resourceMetrics([rich(data)]));
    expect(line).toBe(
      `jobs,service.name=svc go_count=4,go_sum=8,go_mean=2,go_min=1,go_max=3,no_go_count=1,no_go_sum=2,no_go_mean=2,no_go_min=1,no_go_max=3,outliers=0 ${T0_NS}`,
    );
  });

  it('writes one line per tag set of a tagged histogram, then the totals', () => {
    const data = richData('tagged_histogram', 'req', [
      {
        attributes: { host: 'h1' },
        value: {
          total: 7,
          overflow: 1,
          tagSets: [
            { tags: { method: 'GET', code: '200' }, count: 4 },
            { tags: { method: 'POST' }, count: 2 },
          ],
        },
      },
    ]);
    const lines = new LineProtocolEncoder(noScope).encode(resourceMetrics([rich(data)]));
    expect(lines).toEqual([
      `req,code=200,host=h1,method=GET,service.name=svc count=4 ${T0_NS}`,
      `req,host=h1,method=POST,service.name=svc count=2 ${T0_NS}`,
      `req,host=h1,service.name=svc total=7,overflow=1 ${T0_NS}`,
    ]);
  });
});

describe('LineProtocolEncoder: telegraf-prometheus-v2', () => {
  const enc = () => new LineProtocolEncoder({ schema: 'telegraf-prometheus-v2', scopeTags: false });
  it('puts the metric name in the field key of measurement prometheus', () => {
    expect(enc().encode(resourceMetrics([counter('requests', [[{}, 5]])]))).toEqual([`prometheus,service.name=svc requests=5 ${T0_NS}`]);
  });

  it('writes histogram buckets as lines with an le tag', () => {
    const lines = enc().encode(resourceMetrics([histogram('lat', {}, [1], [2, 1], 3)]));
    expect(lines).toEqual([
      `prometheus,service.name=svc lat_count=3,lat_sum=3 ${T0_NS}`,
      `prometheus,service.name=svc,le=1 lat_bucket=2 ${T0_NS}`,
      `prometheus,service.name=svc,le=+Inf lat_bucket=3 ${T0_NS}`,
    ]);
  });

  it('writes summary quantiles as lines with a quantile tag', () => {
    const lines = enc().encode(resourceMetrics([rich(richData('summary', 'rt', [{ attributes: {}, value: summaryValue() }]))]));
    expect(lines[0]).toBe(`prometheus,service.name=svc rt_count=10,rt_sum=55,rt_min=1,rt_max=10,rt_mean=5.5,rt_stddev=3.02765 ${T0_NS}`);
    expect(lines.slice(1)).toEqual([`prometheus,service.name=svc,quantile=0.5 rt=5.5 ${T0_NS}`, `prometheus,service.name=svc,quantile=0.99 rt=10 ${T0_NS}`]);
  });

  it("renames a user attribute le / quantile to _le / _quantile on the lines that get the schema's own tag", () => {
    const e = new LineProtocolEncoder({ schema: 'telegraf-prometheus-v2', scopeTags: false, defaultTags: { quantile: 'd' } });
    const lines = e.encode(
      resourceMetrics([
        histogram('lat', { le: 'user', zone: 'z' }, [1], [2, 1], 3),
        rich(richData('summary', 'rt', [{ attributes: { quantile: 'user' }, value: summaryValue({ quantiles: [{ quantile: 0.5, value: 5.5 }] }) }])),
        gauge('g', [[{ le: 'kept' }, 1]]),
      ]),
    );
    expect(lines).toEqual([
      `prometheus,_le=user,quantile=d,service.name=svc,zone=z lat_count=3,lat_sum=3 ${T0_NS}`,
      `prometheus,_le=user,quantile=d,service.name=svc,zone=z,le=1 lat_bucket=2 ${T0_NS}`,
      `prometheus,_le=user,quantile=d,service.name=svc,zone=z,le=+Inf lat_bucket=3 ${T0_NS}`,
      // Not a histogram: `le` stays.
      `prometheus,le=kept,quantile=d,service.name=svc g=1 ${T0_NS}`,
      // The default tag `quantile` is renamed too (the point's attribute wins): the schema adds its own on these lines.
      `prometheus,_quantile=user,service.name=svc rt_count=10,rt_sum=55,rt_min=1,rt_max=10,rt_mean=5.5,rt_stddev=3.02765 ${T0_NS}`,
      `prometheus,_quantile=user,service.name=svc,quantile=0.5 rt=5.5 ${T0_NS}`,
    ]);
    for (const line of lines) {
      const keys = line
        .split(' ')[0]
        .split(',')
        .slice(1)
        .map((pair) => pair.split('=')[0]);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('telegraf-prometheus-v1 keeps an le attribute as is (the bounds are field keys there)', () => {
    const [line] = new LineProtocolEncoder(noScope).encode(resourceMetrics([histogram('lat', { le: 'user' }, [1], [2, 1], 3)]));
    expect(line).toBe(`lat,le=user,service.name=svc count=3,sum=3,1=2,+Inf=3 ${T0_NS}`);
  });
});

describe('LineProtocolEncoder: go-metrics', () => {
  const enc = () => new LineProtocolEncoder({ schema: 'go-metrics', scopeTags: false });
  it('uses go-ethereum measurement suffixes and field names', () => {
    const meter = richData('meter', 'hits', [{ attributes: {}, value: { count: 3, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 0.5 } }]);
    const quantiles = [0.5, 0.75, 0.95, 0.99, 0.999].map((q) => ({ quantile: q, value: q }));
    const timer = richData('timer', 'db', [
      { attributes: {}, value: { ...summaryValue({ quantiles }), rates: { count: 10, m1Rate: 1, m5Rate: 2, m15Rate: 3, meanRate: 4 } } },
    ]);
    const lines = enc().encode(resourceMetrics([counter('c', [[{}, 2]]), gauge('g', [[{}, 1]]), rich(meter), rich(timer)]));
    expect(lines[0]).toBe(`c.count,service.name=svc value=2 ${T0_NS}`);
    expect(lines[1]).toBe(`g.gauge,service.name=svc value=1 ${T0_NS}`);
    expect(lines[2]).toBe(`hits.meter,service.name=svc count=3,m1=1,m5=2,m15=3,mean=0.5 ${T0_NS}`);
    expect(lines[3]).toBe(
      `db.timer,service.name=svc count=10,sum=55,min=1,max=10,mean=5.5,stddev=3.02765,m1=1,m5=2,m15=3,meanrate=4,p50=0.5,p75=0.75,p95=0.95,p99=0.99,p999=0.999 ${T0_NS}`,
    );
  });

  it('names percentiles like go-metrics', () => {
    expect([0.5, 0.75, 0.95, 0.99, 0.999, 0.9999].map(percentileKey)).toEqual(['p50', 'p75', 'p95', 'p99', 'p999', 'p9999']);
  });
});

describe('LineProtocolEncoder: tags', () => {
  it('selects resource attributes (default list, include, exclude, *)', () => {
    const rm = resourceMetrics([gauge('g', [[{}, 1]])], { 'service.name': 'svc', 'process.pid': 42, 'host.name': 'h' });
    expect(new LineProtocolEncoder(noScope).encode(rm)[0]).toBe(`g,host.name=h,service.name=svc gauge=1 ${T0_NS}`);
    expect(new LineProtocolEncoder({ ...noScope, resourceAttributes: { include: '*', exclude: ['host.name'] } }).encode(rm)[0]).toBe(
      `g,process.pid=42,service.name=svc gauge=1 ${T0_NS}`,
    );
    expect(new LineProtocolEncoder({ ...noScope, resourceAttributes: { include: ['process.pid'] } }).encode(rm)[0]).toBe(`g,process.pid=42 gauge=1 ${T0_NS}`);
  });

  it('adds default tags; resource and point attributes override them', () => {
    const rm = resourceMetrics([gauge('g', [[{ env: 'point' }, 1]])]);
    const [line] = new LineProtocolEncoder({ ...noScope, defaultTags: { env: 'default', region: 'eu', 'service.name': 'x' } }).encode(rm);
    expect(line).toBe(`g,env=point,region=eu,service.name=svc gauge=1 ${T0_NS}`);
  });

  it('skips empty tag values and escapes special characters and newlines', () => {
    const rm = resourceMetrics([gauge('my metric,x', [[{ empty: '', 'k=1': 'a b,c', nl: 'one\ntwo', arr: ['x', 'y'], b: true }, 1]])]);
    const [line] = new LineProtocolEncoder(noScope).encode(rm);
    expect(line).toBe(`my\\ metric\\,x,arr=["x"\\,"y"],b=true,k\\=1=a\\ b\\,c,nl=one\\ two,service.name=svc gauge=1 ${T0_NS}`);
    expect(line.split('\n')).toHaveLength(1);
  });
});

describe('LineProtocolEncoder: names starting with #', () => {
  let d: ReturnType<typeof captureDiag>;
  beforeEach(() => (d = captureDiag()));
  afterEach(() => d.restore());

  it('prefixes a measurement starting with # with _ (InfluxDB would read the line as a comment), warning once', () => {
    const rm = resourceMetrics([gauge('#hits', [[{}, 1]]), counter('#reqs', [[{}, 2]])]);
    const e = new LineProtocolEncoder(noScope);
    expect(e.encode(rm)).toEqual([`_#hits,service.name=svc gauge=1 ${T0_NS}`, `_#reqs,service.name=svc counter=2 ${T0_NS}`]);
    e.encode(rm);
    new LineProtocolEncoder(noScope).encode(rm);
    expect(d.warnings.filter((w) => /'#hits' starts with '#'.*written as '_#hits'/.test(w))).toHaveLength(1);
    expect(new LineProtocolEncoder({ schema: 'go-metrics', scopeTags: false }).encode(rm)[0]).toBe(`_#hits.gauge,service.name=svc value=1 ${T0_NS}`);
    // In telegraf-prometheus-v2 the name is a field key, not at the start of the line.
    expect(new LineProtocolEncoder({ schema: 'telegraf-prometheus-v2', scopeTags: false }).encode(rm)[0]).toBe(`prometheus,service.name=svc #hits=1 ${T0_NS}`);
    expect(new LineProtocolEncoder(noScope).encode(resourceMetrics([gauge('a#b', [[{}, 1]])]))[0]).toBe(`a#b,service.name=svc gauge=1 ${T0_NS}`);
  });
});

describe('LineProtocolEncoder: numeric tag values', () => {
  it('writes numbers as plain decimals, never in exponent notation', () => {
    const attrs = { big: 1e21, small: 1e-7, neg: -2.5e-8, int: 42, frac: 0.25 };
    const [line] = new LineProtocolEncoder(noScope).encode(resourceMetrics([gauge('g', [[attrs, 1]])], { 'service.name': 'svc', 'host.name': 3e25 }));
    expect(line).toBe(
      `g,big=1000000000000000000000,frac=0.25,host.name=30000000000000000000000000,int=42,neg=-0.000000025,service.name=svc,small=0.0000001 gauge=1 ${T0_NS}`,
    );
  });
});

describe('LineProtocolEncoder: bad values', () => {
  let d: ReturnType<typeof captureDiag>;
  beforeEach(() => (d = captureDiag()));
  afterEach(() => d.restore());

  it.each(EDGE_VALUES)('value %p: written as a float or skipped with a warning', (v) => {
    const lines = new LineProtocolEncoder(noScope).encode(resourceMetrics([gauge('g', [[{}, v]])]));
    if (Number.isFinite(v)) {
      expect(lines).toEqual([`g,service.name=svc gauge=${String(v)} ${T0_NS}`]);
      expect(d.warnings).toHaveLength(0);
    } else {
      expect(lines).toEqual([]);
      expect(d.warnings.join()).toMatch(/g field 'gauge' is/);
    }
  });

  it('keeps the finite fields of a point with some non-finite ones, and warns once', () => {
    const data = richData('summary', 's', [{ attributes: {}, value: summaryValue({ min: NaN, max: Infinity }) }]);
    const enc = new LineProtocolEncoder(noScope);
    const lines = enc.encode(resourceMetrics([rich(data)]));
    enc.encode(resourceMetrics([rich(data)]));
    expect(lines[0]).toBe(`s,service.name=svc count=10,sum=55,mean=5.5,stddev=3.02765,0.5=5.5,0.99=10 ${T0_NS}`);
    expect(d.warnings.filter((w) => w.includes("'min'"))).toHaveLength(1);
  });

  it('converts exponential histograms, never failing the batch', () => {
    const exp: MetricData = {
      descriptor: descriptor('exp'),
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.EXPONENTIAL_HISTOGRAM,
      dataPoints: [
        {
          attributes: {},
          startTime: T0,
          endTime: T0,
          value: {
            count: 4,
            sum: 6,
            min: 1,
            max: 3,
            scale: 0,
            zeroCount: 1,
            positive: { offset: 0, bucketCounts: [1, 2] },
            negative: { offset: 0, bucketCounts: [] },
          },
        },
      ],
    };
    const broken = { ...exp, descriptor: descriptor('broken'), dataPoints: [{ ...exp.dataPoints[0], value: null }] } as unknown as MetricData;
    const lines = new LineProtocolEncoder(noScope).encode(resourceMetrics([exp, broken, gauge('after', [[{}, 1]])]));
    // scale 0: base 2, positive bucket i covers (2^i, 2^(i+1)]
    expect(lines[0]).toBe(`exp,service.name=svc count=4,sum=6,min=1,max=3,0=1,2=2,4=4,+Inf=4 ${T0_NS}`);
    expect(lines[1]).toBe(`after,service.name=svc gauge=1 ${T0_NS}`);
    expect(d.warnings.join()).toMatch(/'broken' skipped/);
  });

  it.each(['ns', 'us', 'ms', 's'] as const)('precision %s', (precision) => {
    const [line] = new LineProtocolEncoder({ ...noScope, precision }).encode(resourceMetrics([gauge('g', [[{}, 1]], T0)]));
    const expected = { ns: T0_NS, us: '1700000000123456', ms: '1700000000123', s: '1700000000' }[precision];
    expect(line.endsWith(' ' + expected)).toBe(true);
  });

  it('throws on invalid options naming the option', () => {
    expect(() => new LineProtocolEncoder({ schema: 'nope' as never })).toThrow(InvalidOptionError);
    expect(() => new LineProtocolEncoder({ schema: 'nope' as never })).toThrow('LineProtocolEncoder: option "schema" must be one of');
    expect(() => new LineProtocolEncoder({ precision: 'h' as never })).toThrow('option "precision"');
    expect(() => new LineProtocolEncoder({ defaultTags: { a: 1 as never } })).toThrow('option "defaultTags.a" must be a string, got 1');
    expect(() => new LineProtocolEncoder({ resourceAttributes: { include: 'all' as never } })).toThrow('option "resourceAttributes.include"');
  });
});
