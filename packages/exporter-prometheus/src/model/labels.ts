import type { Attributes } from '@opentelemetry/api';
import type { LabelNameCache } from '../naming/sanitize';
import { escapeLabelValue } from '../serializer/format';

/** Resolved labels as name/value pairs (values unescaped), in exposition order. */
export type LabelPairs = Array<[string, string]>;

/** OTel attribute value to label value per the OTel attribute spec (arrays as JSON). */
export function attributeValueToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return '' + value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** A text label body `a="1",b="x"` (values escaped) of pairs. */
export function labelBody(pairs: ReadonlyArray<readonly [string, string]>): string {
  let body = '';
  for (const [name, value] of pairs) body += (body.length === 0 ? '' : ',') + name + '="' + escapeLabelValue(value) + '"';
  return body;
}

/**
 * OTel attributes to Prometheus labels, the rules in one place for every
 * output (text, OpenMetrics, prom-client):
 *
 * - keys are sanitised (`a.b` -> `a_b`); keys that collide after sanitising
 *   are merged, values joined with `;` in the lexicographic order of the
 *   original keys (spec), at the position of the first of them;
 * - a key that would take a label the exporter adds itself (`le`,
 *   `quantile`, `otel_scope_name`, constant resource labels, `window`, ...)
 *   gets a `_` prefix (`key` if it already starts with `_`, so no `__`).
 *
 * Both forms share the fast path's condition (every key already a valid,
 * unreserved label name: labels in attribute order) and the slow path.
 */
export class LabelResolver {
  constructor(private readonly names: LabelNameCache) {}

  /** The text body (`a="1",b="x"`, no braces). Built by concatenation: the serializer's hot path. */
  body(attributes: Attributes, reserved: ReadonlySet<string>): string {
    let body = '';
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      const name = this.names.get(key);
      if (name !== key || reserved.has(name)) return labelBody(this.resolveSlow(attributes, reserved));
      body += (body.length === 0 ? '' : ',') + name + '="' + escapeLabelValue(attributeValueToString(value)) + '"';
    }
    return body;
  }

  /** The same labels as pairs. */
  pairs(attributes: Attributes, reserved: ReadonlySet<string>): LabelPairs {
    const pairs: LabelPairs = [];
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      const name = this.names.get(key);
      if (name !== key || reserved.has(name)) return this.resolveSlow(attributes, reserved);
      pairs.push([name, attributeValueToString(value)]);
    }
    return pairs;
  }

  private resolveSlow(attributes: Attributes, reserved: ReadonlySet<string>): LabelPairs {
    const groups = new Map<string, Array<[string, string]>>();
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      let name = this.names.get(key);
      if (reserved.has(name)) name = (name.charCodeAt(0) === 95 ? 'key' : '_') + name;
      let group = groups.get(name);
      if (group === undefined) groups.set(name, (group = []));
      group.push([key, attributeValueToString(value)]);
    }
    const pairs: LabelPairs = [];
    for (const [name, group] of groups) {
      if (group.length > 1) group.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let value = group[0][1];
      for (let i = 1; i < group.length; i++) value += ';' + group[i][1];
      pairs.push([name, value]);
    }
    return pairs;
  }
}
