import { parse } from 'yaml';
import { Meterwork, validateViews } from '@meterwork/core';

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
        instrumentName: 'j*', meterName: 'lib', instrumentType: 'histogram', name: 'renamed', description: 'd',
        attributeKeys: ['k'], cardinalityLimit: 10, keepOtelAggregation: true, aggregation: { type: 'uniform' },
      },
    ];
    expect(validateViews(views)).toHaveLength(10);
  });

  it.each([
    [[ok, ok, { instrumentName: 'x', aggregation: { type: 'sliding_time_window', windowMillis: 0 } }], 'views[2].aggregation.windowMillis must be a positive number, got 0'],
    [[{ instrumentName: 'x', aggregation: { type: 'sliding_time_window' } }], 'views[0].aggregation.windowMillis must be a positive number, got undefined'],
    [[{ instrumentName: 'x', aggregation: { type: 'sliding_time_window', windowMillis: '60s' } }], 'views[0].aggregation.windowMillis must be a positive number, got "60s"'],
    [[{ instrumentName: 'x', aggregation: { type: 'sliding_window', size: 1.5 } }], 'views[0].aggregation.size must be a positive integer, got 1.5'],
    [[{ instrumentName: 'x', aggregation: { type: 'nope' } }], 'views[0].aggregation.type must be one of sliding_time_window, sliding_window, bounded_time_window, uniform, exponentially_decaying, meter, timer, go_no_go, tagged_histogram, got "nope"'],
    [[{ instrumentName: '', aggregation: { type: 'meter' } }], 'views[0].instrumentName must be a non-empty string'],
    [[{ aggregation: { type: 'meter' } }], 'views[0].instrumentName must be a non-empty string'],
    [[{ instrumentName: 'x' }], 'views[0].aggregation is required'],
    [[{ instrumentName: 'x', instrumentType: 'observable_gauge', aggregation: { type: 'meter' } }], 'views[0].instrumentType must be one of counter, histogram, up_down_counter, gauge, got "observable_gauge"'],
    [[{ instrumentName: 'x', cardinalityLimit: 0, aggregation: { type: 'meter' } }], 'views[0].cardinalityLimit must be a positive integer'],
    [[{ instrumentName: 'x', attributeKeys: ['a', 3], aggregation: { type: 'meter' } }], 'views[0].attributeKeys[1] must be a non-empty string'],
    [[{ instrumentName: 'x', keepOtelAggregation: 'yes', aggregation: { type: 'meter' } }], 'views[0].keepOtelAggregation must be a boolean'],
    [[{ instrumentName: 'x', aggregaton: { type: 'meter' } }], 'views[0].aggregaton is not a known option'],
    [[{ instrumentName: 'x', aggregation: { type: 'meter', size: 3 } }], 'views[0].aggregation.size is not a known option'],
    [[{ instrumentName: 'x', aggregation: { type: 'uniform', quantiles: [0.5, 1.5] } }], 'views[0].aggregation.quantiles[1] must be a number in [0, 1], got 1.5'],
    [[{ instrumentName: 'x', aggregation: { type: 'uniform', quantiles: [] } }], 'views[0].aggregation.quantiles must be a non-empty array'],
    [[{ instrumentName: 'x', aggregation: { type: 'timer', reservoir: { type: 'meter' } } }], 'views[0].aggregation.reservoir.type must be one of sliding_time_window'],
    [[{ instrumentName: 'x', aggregation: { type: 'timer', reservoir: { type: 'sliding_window', size: -1 } } }], 'views[0].aggregation.reservoir.size must be a positive integer'],
    [[{ instrumentName: 'x', aggregation: { type: 'go_no_go', outliers: { k: -1 } } }], 'views[0].aggregation.outliers.k must be a positive number'],
    [[{ instrumentName: 'x', aggregation: { type: 'go_no_go', errorAttribute: '' } }], 'views[0].aggregation.errorAttribute must be a non-empty string'],
    [[{ instrumentName: 'x', aggregation: { type: 'bounded_time_window', windowMillis: 10, relativeError: 1 } }], 'views[0].aggregation.relativeError must be a number in (0, 1)'],
    [[ok, 'view'], 'views[1] must be an object'],
    [{ instrumentName: 'x' }, 'views must be an array'],
  ])('rejects %j with a precise message', (views, message) => {
    expect(() => validateViews(views)).toThrow(message);
  });

  it('takes views straight from YAML (plain data, 1:1)', () => {
    const doc = parse(`
meterwork:
  views:
    - instrumentName: http.*.duration
      instrumentType: histogram
      aggregation:
        type: sliding_time_window
        windowMillis: 60000
        quantiles: [0.5, 0.99]
    - instrumentName: db.*
      meterName: pg
      aggregation:
        type: go_no_go
        errorAttribute: error.type
`) as { meterwork: { views: unknown } };
    const views = validateViews(doc.meterwork.views);
    expect(views[0]!.aggregation).toEqual({ type: 'sliding_time_window', windowMillis: 60000, quantiles: [0.5, 0.99] });
    expect(() => new Meterwork({ views })).not.toThrow();
    const bad = parse('- instrumentName: x\n  aggregation: { type: sliding_window, size: ten }');
    expect(() => validateViews(bad)).toThrow('views[0].aggregation.size must be a positive integer');
  });

  it('is applied by the Meterwork constructor', () => {
    expect(
      () => new Meterwork({ views: [ok as never, ok as never, { instrumentName: 'y', aggregation: { type: 'sliding_time_window', windowMillis: -5 } }] }),
    ).toThrow('views[2].aggregation.windowMillis must be a positive number');
  });

  it('rejects invalid Meterwork options by name', () => {
    expect(() => new Meterwork({ includeSamples: 'yes' as never })).toThrow('"includeSamples"');
    expect(() => new Meterwork({ clock: 5 as never })).toThrow('"clock"');
  });
});
