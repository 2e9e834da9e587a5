import { SessionBudget } from '../../src/receiver/SessionBudget';

const T0 = 1_800_000_000_000; // a minute boundary (divisible by 60 000)
const limits = { bytesPerMinute: 100, linesPerMinute: 10, seriesPerMinute: 3, maxSessionsPerMinute: 2 };

describe('SessionBudget', () => {
  it('charges writes until a cap, refuses the whole write that would pass it, and counts nothing for it', () => {
    const b = new SessionBudget(limits);
    expect(b.charge('s1', { bytes: 60, lines: 5, seriesKeys: ['a', 'b'] }, T0).ok).toBe(true);
    expect(b.charge('s1', { bytes: 41, lines: 1, seriesKeys: ['a'] }, T0 + 10)).toMatchObject({ ok: false, reason: 'bytes-cap', retryAfterMillis: 59_990 });
    // the refused write was not counted: exactly the rest still fits
    expect(b.charge('s1', { bytes: 40, lines: 5, seriesKeys: ['c'] }, T0 + 20).ok).toBe(true);
    expect(b.charge('s1', { bytes: 0, lines: 1, seriesKeys: [] }, T0 + 30)).toMatchObject({ ok: false, reason: 'lines-cap' });
  });

  it('counts distinct series, not lines, against the series cap', () => {
    const b = new SessionBudget({ ...limits, linesPerMinute: 100 });
    expect(b.charge('s', { bytes: 1, lines: 4, seriesKeys: ['a', 'a', 'b', 'b'] }, T0).ok).toBe(true);
    expect(b.charge('s', { bytes: 1, lines: 2, seriesKeys: ['c', 'c'] }, T0).ok).toBe(true);
    expect(b.charge('s', { bytes: 1, lines: 1, seriesKeys: ['a'] }, T0).ok).toBe(true);
    expect(b.charge('s', { bytes: 1, lines: 1, seriesKeys: ['d'] }, T0)).toMatchObject({ ok: false, reason: 'series-cap' });
  });

  it('keeps sessions apart and starts afresh each minute', () => {
    const b = new SessionBudget(limits);
    expect(b.charge('flood', { bytes: 100, lines: 1, seriesKeys: [] }, T0).ok).toBe(true);
    expect(b.charge('flood', { bytes: 1, lines: 1, seriesKeys: [] }, T0)).toMatchObject({ ok: false, reason: 'bytes-cap' });
    expect(b.charge('quiet', { bytes: 50, lines: 1, seriesKeys: [] }, T0).ok).toBe(true);
    expect(b.charge('flood', { bytes: 100, lines: 1, seriesKeys: [] }, T0 + 60_000).ok).toBe(true);
  });

  it('bounds the sessions tracked per minute', () => {
    const b = new SessionBudget(limits);
    expect(b.charge('a', { bytes: 1, lines: 1, seriesKeys: [] }, T0).ok).toBe(true);
    expect(b.charge('b', { bytes: 1, lines: 1, seriesKeys: [] }, T0).ok).toBe(true);
    expect(b.charge('c', { bytes: 1, lines: 1, seriesKeys: [] }, T0)).toMatchObject({ ok: false, reason: 'too-many-sessions' });
    expect(b.charge('a', { bytes: 1, lines: 1, seriesKeys: [] }, T0).ok).toBe(true);
    expect(b.sessions).toBe(2);
    expect(b.charge('c', { bytes: 1, lines: 1, seriesKeys: [] }, T0 + 60_000).ok).toBe(true);
    expect(b.sessions).toBe(1);
  });
});
