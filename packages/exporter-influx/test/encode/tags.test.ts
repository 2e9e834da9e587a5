import { diag, type Attributes } from '@opentelemetry/api';
import { buildTagList, pointTags, TagMerger } from '../../src/encode/tags';

describe('tags', () => {
  const base = buildTagList([{ attributes: { env: 'prod', 'service.name': 'svc', zone: 'z1' } }]);

  it('merges point attributes into sorted base tags; the point wins', () => {
    expect(pointTags(base, { zone: 'z2', app: 'a' })).toBe(',app=a,env=prod,service.name=svc,zone=z2');
  });

  it('TagMerger gives the same text as pointTags across changing key shapes', () => {
    const merger = new TagMerger();
    const samples: Attributes[] = [
      { b: '1', a: '2' },
      { b: '3', a: '4' },
      { a: '5', b: '6' },
      {},
      { zone: 'override', 'k,=x': 'v v' },
      { zone: '', env: 'dev' },
      { 'x\n': 'y', n: 3, t: true, arr: [1, 2] },
      { a: '', b: 'only-b' },
    ];
    for (let round = 0; round < 2; round++) {
      for (const attrs of samples) expect(merger.tags(base, attrs)).toBe(pointTags(base, attrs));
    }
  });

  it('skips the keys InfluxDB refuses as tags (time, _field, _measurement), warning once per key', () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    try {
      const attrs: Attributes = { time: 'morning', _field: 'f', _measurement: 'm', zone: 'z2' };
      const expected = ',env=prod,service.name=svc,zone=z2';
      expect(pointTags(base, attrs)).toBe(expected);
      expect(new TagMerger().tags(base, attrs)).toBe(expected);
      expect(buildTagList([{ attributes: attrs }]).joined).toBe(',zone=z2');
      const reserved = warn.mock.calls.filter(([m]) => /reserved name in InfluxDB/.test(String(m)));
      expect(reserved.map(([m]) => String(m).match(/'([^']+)'/)?.[1]).sort()).toEqual(['_field', '_measurement', 'time']);
    } finally {
      warn.mockRestore();
    }
  });

  it('keeps the base value when the overriding point value is empty', () => {
    expect(new TagMerger().tags(base, { zone: '' })).toBe(',env=prod,service.name=svc,zone=z1');
  });
});
