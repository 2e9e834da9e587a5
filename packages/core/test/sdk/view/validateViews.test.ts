import { parse } from 'yaml';
import { InvalidOptionError, Meterwork, validateViews } from '@meterwork/core';

const ok = { instrumentName: 'x', aggregation: { type: 'meter' } };

describe('validateViews', () => {
  it('accepts every aggregation type with its options', () => {
    const views = [
      { instrumentName: 'a', aggregation: { type: 'sliding_time_window', windowMillis: 60000, maxSamples: 10, quantiles: [0.5, 0.99] } },
      { instrumentName: 'b', aggregation: { type: 'sliding_window', size: 10 } },
      { instrumentName: 'c', aggregation: { type: 'bounded_time_window', windowMillis: 1000, subWindows: 4, relativeError: 0.02, maxBuckets: 64 } },
      { instrumentName: 'd', aggregation: { type: 'uniform', size: 5 } },
      { instrumentName: 'e', aggregation: { type: 'exponentially_decaying', size: 5, alpha: 0.1 } },
      { instrumentName: 'f', aggregation: { type: 'meter' } },
      { instrumentName: 'g', aggregation: { type: 'timer', reservoir: { type: 'sliding_window', size: 3 } } },
      { instrumentName: 'h', aggregation: { type: 'go_no_go', errorAttribute: 'failed', outliers: { k: 2, minSamples: 5 } } },
      { instrumentName: 'i', aggregation: { type: 'tagged_histogram', maxTagSets: 3 } },
      {
        instrumentName: 'j',
        instrumentType: 'HISTOGRAM',
        instrumentUnit: 's',
        meterName: 'lib',
        meterVersion: '1.0.0',
        meterSchemaUrl: 'https://opentelemetry.io/schemas/1.30.0',
        name: 'renamed',
        description: 'd',
        attributeKeys: { included: ['k', 'l'], excluded: ['l'] },
        aggregationCardinalityLimit: 10,
        keepOtelAggregation: true,
        aggregation: { type: 'uniform' },
      },
      { meterName: 'only-a-meter', aggregation: { type: 'uniform' } },
    ];
    expect(validateViews(views)).toHaveLength(11);
  });

  it.each([
    [
      [ok, ok, { instrumentName: 'x', aggregation: { type: 'sliding_time_window', windowMillis: 0 } }],
      'Meterwork: option "views[2].aggregation.windowMillis" must be a positive number, got 0',
    ],
    [[{ instrumentName: 'x', aggregation: { type: 'sliding_time_window' } }], '"views[0].aggregation.windowMillis" must be a positive number, got undefined'],
    [
      [{ instrumentName: 'x', aggregation: { type: 'sliding_time_window', windowMillis: '60s' } }],
      '"views[0].aggregation.windowMillis" must be a positive number, got "60s"',
    ],
    [[{ instrumentName: 'x', aggregation: { type: 'sliding_window', size: 1.5 } }], '"views[0].aggregation.size" must be a positive integer, got 1.5'],
    [
      [{ instrumentName: 'x', aggregation: { type: 'nope' } }],
      '"views[0].aggregation.type" must be one of sliding_time_window, sliding_window, bounded_time_window, uniform, exponentially_decaying, meter, timer, go_no_go, tagged_histogram, got "nope"',
    ],
    [[{ instrumentName: 'x', aggregation: { type: 'go-no-go' } }], '"views[0].aggregation.type" must be one of'],
    [[{ instrumentName: '', aggregation: { type: 'meter' } }], '"views[0].instrumentName" must be a non-empty string'],
    [
      [{ aggregation: { type: 'meter' } }],
      '"views[0]" must select instruments with at least one of instrumentName, instrumentType, instrumentUnit, meterName, meterVersion, meterSchemaUrl',
    ],
    [[{ instrumentName: 'x' }], '"views[0].aggregation" is required'],
    [
      [{ instrumentName: 'x', instrumentType: 'histogram', aggregation: { type: 'uniform' } }],
      '"views[0].instrumentType" must be one of COUNTER, UP_DOWN_COUNTER, HISTOGRAM, GAUGE, got "histogram"',
    ],
    [
      [{ instrumentName: 'x', instrumentType: 'OBSERVABLE_GAUGE', aggregation: { type: 'uniform' } }],
      '(observable instruments stay the OTel SDK\'s), got "OBSERVABLE_GAUGE"',
    ],
    [
      [{ instrumentName: 'x', instrumentType: 'UP_DOWN_COUNTER', aggregation: { type: 'meter' } }],
      '"views[0].aggregation.type" must fit instrumentType UP_DOWN_COUNTER (meter fits COUNTER), got "meter"',
    ],
    [
      [{ instrumentName: 'db.*', name: 'db', aggregation: { type: 'uniform' } }],
      '"views[0].name" needs an instrumentName without wildcards (a named view selects at most one instrument per meter, as in OTel), got "db"',
    ],
    [[{ meterName: 'pg', name: 'db', aggregation: { type: 'uniform' } }], '"views[0].name" needs an instrumentName without wildcards'],
    [[{ instrumentName: 'x', meterName: '', aggregation: { type: 'meter' } }], '"views[0].meterName" must be a non-empty string'],
    [[{ instrumentName: 'x', instrumentUnit: 5, aggregation: { type: 'meter' } }], '"views[0].instrumentUnit" must be a non-empty string, got 5'],
    [
      [{ instrumentName: 'x', aggregationCardinalityLimit: 0, aggregation: { type: 'meter' } }],
      '"views[0].aggregationCardinalityLimit" must be a positive integer, got 0',
    ],
    [[{ instrumentName: 'x', cardinalityLimit: 5, aggregation: { type: 'meter' } }], '"views[0].cardinalityLimit" is not a known option'],
    [
      [{ instrumentName: 'x', attributeKeys: ['a'], aggregation: { type: 'meter' } }],
      '"views[0].attributeKeys" must be an object { included?, excluded? }, got an array',
    ],
    [
      [{ instrumentName: 'x', attributeKeys: { included: ['a', 3] }, aggregation: { type: 'meter' } }],
      '"views[0].attributeKeys.included[1]" must be a non-empty string, got 3',
    ],
    [
      [{ instrumentName: 'x', attributeKeys: { excluded: [] }, aggregation: { type: 'meter' } }],
      '"views[0].attributeKeys.excluded" must be a non-empty array of attribute keys',
    ],
    [
      [{ instrumentName: 'x', attributeKeys: { excluded: ['http.*'] }, aggregation: { type: 'meter' } }],
      '"views[0].attributeKeys.excluded[0]" must be an exact key (wildcards are not supported',
    ],
    [[{ instrumentName: 'x', attributeKeys: { include: ['a'] }, aggregation: { type: 'meter' } }], '"views[0].attributeKeys.include" is not a known option'],
    [[{ instrumentName: 'x', keepOtelAggregation: 'yes', aggregation: { type: 'meter' } }], '"views[0].keepOtelAggregation" must be a boolean'],
    [[{ instrumentName: 'x', aggregaton: { type: 'meter' } }], '"views[0].aggregaton" is not a known option'],
    [[{ instrumentName: 'x', aggregation: { type: 'meter', size: 3 } }], '"views[0].aggregation.size" is not a known option'],
    [
      [{ instrumentName: 'x', aggregation: { type: 'uniform', quantiles: [0.5, 1.5] } }],
      '"views[0].aggregation.quantiles[1]" must be a number in [0, 1], got 1.5',
    ],
    [[{ instrumentName: 'x', aggregation: { type: 'uniform', quantiles: [] } }], '"views[0].aggregation.quantiles" must be a non-empty array'],
    [
      [{ instrumentName: 'x', aggregation: { type: 'timer', reservoir: { type: 'meter' } } }],
      '"views[0].aggregation.reservoir.type" must be one of sliding_time_window',
    ],
    [
      [{ instrumentName: 'x', aggregation: { type: 'timer', reservoir: { type: 'sliding_window', size: -1 } } }],
      '"views[0].aggregation.reservoir.size" must be a positive integer',
    ],
    [[{ instrumentName: 'x', aggregation: { type: 'go_no_go', outliers: { k: -1 } } }], '"views[0].aggregation.outliers.k" must be a positive number'],
    [[{ instrumentName: 'x', aggregation: { type: 'go_no_go', errorAttribute: '' } }], '"views[0].aggregation.errorAttribute" must be a non-empty string'],
    [
      [{ instrumentName: 'x', aggregation: { type: 'bounded_time_window', windowMillis: 10, relativeError: 1 } }],
      '"views[0].aggregation.relativeError" must be a number in (0, 1)',
    ],
    [[ok, 'view'], '"views[1]" must be a view object, got "view"'],
    [{ instrumentName: 'x' }, '"views" must be an array of views, got an object'],
  ])('rejects %j with a precise message', (views, message) => {
    expect(() => validateViews(views)).toThrow(message);
    expect(() => validateViews(views)).toThrow(InvalidOptionError);
  });

  it('takes views straight from YAML (plain data, 1:1)', () => {
    const doc = parse(`
meterwork:
  views:
    - instrumentName: http.*.duration
      instrumentType: HISTOGRAM
      aggregation:
        type: sliding_time_window
        windowMillis: 60000
        quantiles: [0.5, 0.99]
    - instrumentName: db.*
      meterName: pg
      attributeKeys:
        excluded: [db.query.text]
      aggregation:
        type: go_no_go
        errorAttribute: error.type
`) as { meterwork: { views: unknown } };
    const views = validateViews(doc.meterwork.views);
    expect(views[0]!.aggregation).toEqual({ type: 'sliding_time_window', windowMillis: 60000, quantiles: [0.5, 0.99] });
    expect(() => new Meterwork({ views })).not.toThrow();
    const bad = parse('- instrumentName: x\n  aggregation: { type: sliding_window, size: ten }');
    expect(() => validateViews(bad)).toThrow('"views[0].aggregation.size" must be a positive integer');
  });

  it('is applied by the Meterwork constructor', () => {
    expect(
      () => new Meterwork({ views: [ok as never, ok as never, { instrumentName: 'y', aggregation: { type: 'sliding_time_window', windowMillis: -5 } }] }),
    ).toThrow('"views[2].aggregation.windowMillis" must be a positive number');
  });

  it('rejects invalid Meterwork options by name', () => {
    expect(() => new Meterwork().createProducer({ includeSamples: 'yes' as never })).toThrow(
      'Meterwork.createProducer: option "includeSamples" must be a boolean, got "yes"',
    );
    expect(() => new Meterwork().createProducer({ temporality: 7 as never })).toThrow('option "temporality"');
    expect(() => new Meterwork({ clock: 5 as never })).toThrow(new InvalidOptionError('Meterwork', 'clock', 'must be a function returning milliseconds', 5));
    expect(() => new Meterwork({ onOutlier: 'log' as never })).toThrow('Meterwork: option "onOutlier" must be a function, got "log"');
  });
});
