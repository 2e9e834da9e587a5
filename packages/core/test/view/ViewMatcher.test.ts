import type { MeterworkView } from '@meterwork/core';
import { ViewMatcher, wildcardToRegExp } from '../../src/view/ViewMatcher';

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
    { instrumentName: 'http.*', meterName: 'special', name: 'by-meter', aggregation: meter },
    { instrumentName: 'http.*', instrumentType: 'counter', name: 'by-type', aggregation: meter },
    { instrumentName: 'http.server.*', name: 'specific', aggregation: meter },
    { instrumentName: 'http.*', name: 'broad', aggregation: meter },
    { instrumentName: 'lib.*', meterName: 'lib-*', name: 'meter-wildcard', aggregation: meter },
  ];
  const matcher = new ViewMatcher(views);
  const nameOf = (m: string, i: string, t: 'counter' | 'histogram') => matcher.match(m, i, t)?.name;

  it('selects by meter name', () => {
    expect(nameOf('special', 'http.server.duration', 'histogram')).toBe('by-meter');
    expect(nameOf('lib-http', 'lib.calls', 'histogram')).toBe('meter-wildcard');
    expect(nameOf('other', 'lib.calls', 'histogram')).toBeUndefined();
  });

  it('selects by instrument type', () => {
    expect(nameOf('m', 'http.server.requests', 'counter')).toBe('by-type');
    expect(nameOf('m', 'http.server.requests', 'histogram')).toBe('specific');
  });

  it('the first matching view wins, in the order given', () => {
    expect(nameOf('m', 'http.client.duration', 'histogram')).toBe('broad');
    expect(nameOf('m', 'http.server.duration', 'histogram')).toBe('specific');
    const reversed = new ViewMatcher([...views].reverse());
    expect(reversed.match('m', 'http.server.duration', 'histogram')?.name).toBe('broad');
  });

  it('matches nothing when no view selects the instrument', () => {
    expect(nameOf('m', 'db.duration', 'histogram')).toBeUndefined();
  });
});
