/**
 * A deterministic set of adversarial strings for names, label values and HELP
 * text: quotes, backslashes, newlines, control characters, UTF-8 (multi-byte,
 * emoji, combining marks, RTL), lone surrogates, empty, very long, leading
 * digits, reserved `__` names, Prometheus syntax fragments, and keys that
 * collide after sanitising. Shared by the unit and integration tests.
 */

const SEEDS = [
  '',
  ' ',
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\r\n',
  '\0',
  '\u0007',
  '\\n',
  '\\"',
  '"\\',
  '\\\\"',
  '{',
  '}',
  '=',
  ',',
  '#',
  '# HELP',
  '# TYPE x counter',
  '# EOF',
  'x{a="b"} 1',
  'le',
  'quantile',
  '__name__',
  '__',
  '___',
  '_',
  '0',
  '9lives',
  '1.5',
  '-1',
  'NaN',
  '+Inf',
  'ünïcödé',
  '日本語',
  '😀',
  '👩‍👩‍👧',
  'e\u0301',
  '\u202Eabc',
  '\uD800',
  '\uDFFF',
  '\uFFFD',
  '\uFEFF',
  'a.b',
  'a-b',
  'a_b',
  'a__b',
  'a b',
  'A.B',
  'aB',
  'camelCase',
  'with:colon',
  'otel_scope_name',
  'otel_scope_version',
  'job',
  'instance',
  'target_info',
  'metric_total',
  'x_bucket',
  'x_count',
  'x_sum',
  'x_created',
  'x_info',
  'seconds',
  'http.server.request.duration',
  'mixed "quote" and \\ backslash\nand newline',
];

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** At least `count` adversarial strings (the seeds, combinations, random code points, long strings). */
export function adversarialStrings(count = 1200, seed = 42): string[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const out = [...SEEDS];
  out.push('x'.repeat(10_000), '"'.repeat(2_000), '\\'.repeat(2_001), '\n'.repeat(500), '日'.repeat(5_000), 'a.'.repeat(3_000));
  while (out.length < count) {
    const r = rnd();
    if (r < 0.4) {
      out.push(pick(SEEDS) + pick(SEEDS) + pick(SEEDS));
    } else if (r < 0.7) {
      let s = '';
      const n = 1 + Math.floor(rnd() * 12);
      for (let i = 0; i < n; i++) {
        const range = rnd();
        const cp =
          range < 0.5
            ? 32 + Math.floor(rnd() * 95)
            : range < 0.7
              ? Math.floor(rnd() * 32)
              : range < 0.9
                ? 0x80 + Math.floor(rnd() * 0xd000)
                : 0x10000 + Math.floor(rnd() * 0x10000);
        s += String.fromCodePoint(cp);
      }
      out.push(s);
    } else if (r < 0.85) {
      out.push(String(Math.floor(rnd() * 1000)) + pick(SEEDS));
    } else {
      out.push('__' + pick(SEEDS) + '.' + pick(SEEDS));
    }
  }
  return out;
}
