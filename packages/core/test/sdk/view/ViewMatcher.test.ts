import type { MeterworkView } from '@meterwork/core';
import { ViewMatcher, wildcardToRegExp } from '../../../src/sdk/view/ViewMatcher';

const meter = { type: 'meter' } as const;

describe('wildcardToRegExp', () => {
  it.each([
    ['http.*.duration', 'http.server.request.duration', true],
    ['http.*.duration', 'http.duration', false],
    ['http.*', 'http.server.duration', true],
    ['*', 'anything.at.all', true],
    ['db.?ql', 'db.sql', true],
    ['db.?ql', 'db.mysql', false],
    ['a.b', 'aXb', false], // dots are literal
    ['HTTP.*', 'http.x', true], // case-insensitive like OTel names
    ['x(1)+', 'x(1)+', true], // regex characters are literal
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(wildcardToRegExp(pattern).test(name)).toBe(expected);
  });
});

describe('ViewMatcher', () => {
  const views: MeterworkView[] = [
    { instrumentName: 'http.*', meterName: 'special', description: 'by-meter', aggregation: meter },
    { instrumentName: 'http.*', instrumentType: 'COUNTER', description: 'by-type', aggregation: meter },
    { instrumentName: 'http.*', instrumentUnit: 'By', description: 'by-unit', aggregation: meter },
    { instrumentName: 'http.server.*', description: 'specific', aggregation: meter },
    { instrumentName: 'http.*', description: 'broad', aggregation: meter },
    { instrumentName: 'lib.*', meterName: 'lib-*', description: 'meter-pattern', aggregation: meter },
    { meterName: 'pg', meterVersion: '1.2.0', description: 'by-version', aggregation: meter },
    { meterSchemaUrl: 'https://opentelemetry.io/schemas/1.30.0', description: 'by-schema', aggregation: meter },
  ];
  const matcher = new ViewMatcher(views);
  const nameOf = (
    m: string,
    name: string,
    type: 'COUNTER' | 'HISTOGRAM' | 'OBSERVABLE_GAUGE',
    more: { unit?: string; version?: string; schemaUrl?: string } = {},
  ) => matcher.match({ scope: { name: m, version: more.version, schemaUrl: more.schemaUrl }, name, type, unit: more.unit ?? '' })?.view.description;

  it('selects by meter name, matched exactly as OTel does (no wildcards)', () => {
    expect(nameOf('special', 'http.server.duration', 'HISTOGRAM')).toBe('by-meter');
    expect(nameOf('Special', 'http.x', 'HISTOGRAM')).toBe('broad');
    expect(nameOf('lib-http', 'lib.calls', 'HISTOGRAM')).toBeUndefined();
    expect(nameOf('lib-*', 'lib.calls', 'HISTOGRAM')).toBe('meter-pattern');
  });

  it('selects by meter version and schema URL, exactly', () => {
    expect(nameOf('pg', 'db.query', 'HISTOGRAM', { version: '1.2.0' })).toBe('by-version');
    expect(nameOf('pg', 'db.query', 'HISTOGRAM', { version: '1.2.1' })).toBeUndefined();
    expect(nameOf('pg', 'db.query', 'HISTOGRAM')).toBeUndefined();
    expect(nameOf('x', 'y', 'HISTOGRAM', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' })).toBe('by-schema');
  });

  it('selects by instrument type (OTel InstrumentType values)', () => {
    expect(nameOf('m', 'http.server.requests', 'COUNTER')).toBe('by-type');
    expect(nameOf('m', 'http.server.requests', 'HISTOGRAM')).toBe('specific');
  });

  it('selects by instrument unit, exactly', () => {
    expect(nameOf('m', 'http.client.body.size', 'HISTOGRAM', { unit: 'By' })).toBe('by-unit');
    expect(nameOf('m', 'http.client.body.size', 'HISTOGRAM', { unit: 'by' })).toBe('broad');
  });

  it('the first matching view wins, in the order given', () => {
    expect(nameOf('m', 'http.client.duration', 'HISTOGRAM')).toBe('broad');
    expect(nameOf('m', 'http.server.duration', 'HISTOGRAM')).toBe('specific');
    const reversed = new ViewMatcher([...views].reverse());
    expect(reversed.match({ scope: { name: 'm' }, name: 'http.server.duration', type: 'HISTOGRAM', unit: '' })?.view.description).toBe('broad');
  });

  it('reports the position of the matched view', () => {
    expect(matcher.match({ scope: { name: 'm' }, name: 'http.client.duration', type: 'HISTOGRAM', unit: '' })?.index).toBe(4);
  });

  it('matches nothing when no view selects the instrument', () => {
    expect(nameOf('m', 'db.duration', 'HISTOGRAM')).toBeUndefined();
  });
});
