import { diag } from '@opentelemetry/api';
import type { SummaryValue } from '../data/types';
import { UniformSnapshot } from '../../primitives/snapshot/UniformSnapshot';
import { WeightedSnapshot } from '../../primitives/snapshot/WeightedSnapshot';

/**
 * Merging one summary series from several processes (Node cluster). Counts
 * and sums add; quantiles are recomputed from the merged reservoir samples
 * (summing or averaging quantiles is wrong: prom-client's AggregatorRegistry
 * sums them).
 */

/** Quantile levels of all inputs, ascending, each once. */
function quantileLevels(values: readonly SummaryValue[]): number[] {
  const levels = new Set<number>();
  for (const v of values) for (const q of v.quantiles) levels.add(q.quantile);
  return [...levels].sort((a, b) => a - b);
}

interface MergedSamples {
  readonly values: Float64Array;
  /** Undefined when every input was unweighted. */
  readonly weights: Float64Array | undefined;
}

/**
 * Concatenates samples (the snapshot sorts them). Weights of a decaying
 * reservoir are only comparable within one process (each has its own landmark
 * time), so each process's weights are scaled to sum to its sample count: a
 * process weighs in with its number of samples, its own recency weighting
 * kept inside.
 */
function mergeSamples(inputs: readonly SummaryValue[]): MergedSamples {
  let n = 0;
  let weighted = false;
  for (const v of inputs) {
    n += v.samples!.length;
    if (v.sampleWeights !== undefined) weighted = true;
  }
  const values = new Float64Array(n);
  const weights = weighted ? new Float64Array(n) : undefined;
  let k = 0;
  for (const v of inputs) {
    const samples = v.samples!;
    const sampleWeights = v.sampleWeights;
    let scale = 1;
    if (sampleWeights !== undefined) {
      let total = 0;
      for (let i = 0; i < sampleWeights.length; i++) total += sampleWeights[i]!;
      scale = total > 0 ? samples.length / total : 1;
    }
    for (let i = 0; i < samples.length; i++, k++) {
      values[k] = samples[i]!;
      if (weights) weights[k] = sampleWeights === undefined ? 1 : sampleWeights[i]! * scale;
    }
  }
  return { values, weights };
}

/**
 * Fallback when some process sent no samples: quantiles and moments are
 * averaged weighted by count (an approximation, said once via diag), stdDev
 * pooled.
 */
function approximate(
  inputs: readonly SummaryValue[],
  levels: readonly number[],
): { quantiles: Array<{ quantile: number; value: number }>; moments: { mean: number; stdDev: number } } {
  let n = 0;
  let mean = 0;
  for (const v of inputs) n += v.count;
  if (n === 0) return { quantiles: levels.map((quantile) => ({ quantile, value: NaN })), moments: { mean: 0, stdDev: 0 } };
  for (const v of inputs) mean += (v.count / n) * v.mean;
  let variance = 0;
  for (const v of inputs) variance += (v.count / n) * (v.stdDev ** 2 + (v.mean - mean) ** 2);
  const quantiles = levels.map((quantile) => {
    let value = 0;
    for (const v of inputs) {
      const found = v.quantiles.find((q) => q.quantile === quantile);
      if (found !== undefined && v.count > 0) value += (v.count / n) * found.value;
    }
    return { quantile, value };
  });
  return { quantiles, moments: { mean, stdDev: Math.sqrt(variance) } };
}

/** Bounded: names are few; past the bound the warning is simply not repeated. */
const warnedNoSamples = new Set<string>();
const MAX_WARNED = 1000;

/** Merges one summary series; `name` only labels a diag message. */
export function mergeSummaryValues(inputs: readonly SummaryValue[], name = 'summary'): SummaryValue {
  const levels = quantileLevels(inputs);
  let count = 0;
  let sum = 0;
  let dropped = 0;
  let min = Infinity;
  let max = -Infinity;
  let allSamples = true;
  for (const v of inputs) {
    count += v.count;
    sum += v.sum;
    dropped += v.dropped;
    if (v.samples === undefined) allSamples = false;
    const holds = v.samples !== undefined ? v.samples.length > 0 : v.count > 0;
    if (holds) {
      if (v.min < min) min = v.min;
      if (v.max > max) max = v.max;
    }
  }
  if (min > max) {
    min = inputs[0]?.min ?? 0;
    max = inputs[0]?.max ?? 0;
  }
  if (!allSamples) {
    if (!warnedNoSamples.has(name) && warnedNoSamples.size < MAX_WARNED) {
      warnedNoSamples.add(name);
      diag.warn(`cluster: ${name}: a worker sent no samples (producer without includeSamples?); quantiles are count-weighted averages`);
    }
    const approx = approximate(inputs, levels);
    return { count, sum, min, max, mean: approx.moments.mean, stdDev: approx.moments.stdDev, quantiles: approx.quantiles, dropped };
  }
  const { values, weights } = mergeSamples(inputs);
  // The reservoirs' own snapshot classes, so merged quantiles use the same
  // estimators (type 6 / Dropwizard weighted) as a single process.
  const snapshot = weights === undefined ? new UniformSnapshot(values) : new WeightedSnapshot(values, weights);
  if (snapshot.size > 0) {
    min = snapshot.min;
    max = snapshot.max;
  }
  const quantiles = levels.map((quantile) => ({ quantile, value: snapshot.quantile(quantile) }));
  return { count, sum, min, max, mean: snapshot.mean, stdDev: snapshot.stdDev, quantiles, dropped };
}
