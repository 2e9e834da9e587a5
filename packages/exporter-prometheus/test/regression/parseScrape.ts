/**
 * Reading Prometheus text 0.0.4 for "never goes backwards" checks: the
 * samples of cumulative series (counters, and the `_count`, `_sum` and
 * `_bucket` of histograms and summaries), keyed by series.
 */

/**
 * Series key (`name{labels}`) -> value, for cumulative samples only;
 * `alsoCumulative`: gauge families whose values are cumulative all the same
 * (go/no-go outcome counts and outliers).
 */
export function cumulativeSamples(text: string, alsoCumulative: readonly string[] = []): Map<string, number> {
  const types = new Map<string, string>();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`unparsable line: ${line}`);
    const name = sample[1]!;
    const family = /^(.*)_(count|sum|bucket)$/.exec(name)?.[1];
    const cumulative =
      types.get(name) === 'counter' ||
      alsoCumulative.includes(name) ||
      (family !== undefined && (types.get(family) === 'histogram' || types.get(family) === 'summary'));
    if (cumulative) out.set(name + (sample[2] ?? ''), Number(sample[3]));
  }
  return out;
}

/** Every decrease from one scrape to the next, as `series: before -> after (scrape i)`. */
export function decreases(scrapes: ReadonlyArray<Map<string, number>>): string[] {
  const found: string[] = [];
  for (let i = 1; i < scrapes.length; i++) {
    for (const [key, value] of scrapes[i - 1]!) {
      const next = scrapes[i]!.get(key);
      if (next === undefined) found.push(`${key}: ${value} -> missing (scrape ${i + 1})`);
      else if (next < value) found.push(`${key}: ${value} -> ${next} (scrape ${i + 1})`);
    }
  }
  return found;
}
