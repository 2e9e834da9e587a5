import { parseRetryAfter, retryDelayMillis } from '../../src/delivery/retry';

const opts = { minDelayMillis: 100, maxDelayMillis: 1000, maxRetryAfterMillis: 5000 };

describe('retry timing', () => {
  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('0.5', 0)).toBe(500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(undefined, 0)).toBeUndefined();
  });

  it('honours Retry-After up to the cap', () => {
    expect(retryDelayMillis(1, 2000, opts)).toBe(2000);
    expect(retryDelayMillis(1, 60_000, opts)).toBe(5000);
  });

  it('never waits less than minDelayMillis, whatever Retry-After says (0, a past date)', () => {
    expect(retryDelayMillis(1, 0, opts)).toBe(100);
    expect(retryDelayMillis(5, parseRetryAfter(new Date(1000).toUTCString(), 9000), opts)).toBe(100);
    expect(retryDelayMillis(1, 30, opts)).toBe(100);
  });

  it('backs off exponentially with jitter between half and all of the step', () => {
    expect(retryDelayMillis(1, undefined, opts, () => 0)).toBe(50);
    expect(retryDelayMillis(1, undefined, opts, () => 1)).toBe(100);
    expect(retryDelayMillis(3, undefined, opts, () => 1)).toBe(400);
    expect(retryDelayMillis(10, undefined, opts, () => 1)).toBe(1000);
    expect(retryDelayMillis(10, undefined, opts, () => 0)).toBe(500);
  });
});
