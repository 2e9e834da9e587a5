import { anonymousKeyFilter } from '../../src';
import { parseLineProtocol, type ParsedLine } from '../../src/receiver/lineProtocol';
import { checkGroupingKey, checkLines, prometheusLabelName } from '../../src/receiver/tagPolicy';
import { groupingKey } from '../../src/receiver/WriteGate';

const ID = 'a'.repeat(32);
const allowed = anonymousKeyFilter(['route']);

function lines(text: string): readonly ParsedLine[] {
  const r = parseLineProtocol(text);
  if (!r.ok) throw new Error(r.message);
  return r.lines;
}

describe('checkLines', () => {
  it('passes allowed tags carrying the signing session', () => {
    expect(checkLines(lines(`http,session.id=${ID},route=/a,service.name=shop count=1i\nm,session.id=${ID} v=1`), ID, allowed, true)).toEqual({ ok: true });
  });

  it.each([
    [`m,session.id=${ID},host.name=box v=1`, 'tag-not-allowed', 'host.name'],
    [`m,session.id=${ID},process.pid=42 v=1`, 'tag-not-allowed', 'process.pid'],
    [`m,session.id=${ID},route=10.1.2.3 v=1`, 'identifying-value', 'route'],
    [`m,session.id=${ID} note="peer fe80::1" `.trim() + ' ', 'identifying-value', 'string field'],
    [`m,session.id=${'b'.repeat(32)} v=1`, 'session-tag-mismatch', 'bbbb'],
    ['m v=1', 'session-tag-mismatch', 'none'],
    [`192.168.0.1,session.id=${ID} v=1`, 'identifying-value', 'measurement'],
  ])('refuses %j (%s)', (text, reason, mention) => {
    const body = text.endsWith(' ') ? text + 'x=1' : text;
    const r = checkLines(lines(`ok,session.id=${ID} v=1\n` + body), ID, allowed, true);
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) {
      expect(r.message).toContain('line 2');
      expect(r.message).toContain(mention);
    }
  });

  it('lets lines without a session tag through when requireSessionTag is off, but never a wrong one', () => {
    expect(checkLines(lines('m v=1'), ID, allowed, false).ok).toBe(true);
    expect(checkLines(lines(`m,session.id=x v=1`), ID, allowed, false)).toMatchObject({ ok: false, reason: 'session-tag-mismatch' });
  });
});

describe('checkGroupingKey', () => {
  // Allowed keys in their Prometheus spelling, as the proxy's options build them.
  const allow = (n: string) => ['session.id', 'service.name', 'route'].map(prometheusLabelName).includes(n);
  it('parses grouping keys, base64 values included', () => {
    expect(groupingKey(`/metrics/job/shop/session_id/${ID}/route@base64/L2EvYg`)).toEqual([
      ['job', 'shop'],
      ['session_id', ID],
      ['route', '/a/b'],
    ]);
    expect(groupingKey('/metrics/job')).toBeUndefined();
  });

  it('checks allowed names, anonymous values and a session label of the signing session', () => {
    expect(checkGroupingKey(groupingKey(`/metrics/job/shop/session_id/${ID}/route/x`)!, ID, allow)).toEqual({ ok: true });
    expect(checkGroupingKey(groupingKey(`/metrics/job/shop`)!, ID, allow)).toEqual({ ok: true });
    expect(checkGroupingKey(groupingKey(`/metrics/job/shop/session_id/${'b'.repeat(32)}`)!, ID, allow)).toMatchObject({ reason: 'session-tag-mismatch' });
    expect(checkGroupingKey(groupingKey(`/metrics/job/shop/session_id/${ID}/instance/box`)!, ID, allow)).toMatchObject({ reason: 'tag-not-allowed' });
    expect(checkGroupingKey(groupingKey(`/metrics/job/10.0.0.9/session_id/${ID}`)!, ID, allow)).toMatchObject({ reason: 'identifying-value' });
  });
});
