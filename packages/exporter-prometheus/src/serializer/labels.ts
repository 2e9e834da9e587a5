import type { Attributes } from '@opentelemetry/api';
import type { LabelNameCache } from '../naming/sanitize';
import { attributeValueToString, escapeLabelValue } from './format';

/**
 * Renders OTel attributes as a label body (`a="1",b="x"`, no braces).
 *
 * Fast path: every key is already a valid label name and not reserved, so the
 * body is built by concatenation in attribute order (label order does not
 * matter to Prometheus, so nothing is sorted). Otherwise the slow path applies
 * the spec: sanitised names that collide are merged, values joined with `;`
 * in the lexicographic order of the original keys. A key that would clash with
 * a label we add ourselves (`le`, `quantile`, `otel_scope_name`, constant
 * resource labels, ...) gets a `_` prefix (`key` if it already starts with `_`).
 */
export class LabelRenderer {
  constructor(private readonly names: LabelNameCache) {}

  render(attributes: Attributes, reserved: ReadonlySet<string>): string {
    let body = '';
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      const name = this.names.get(key);
      if (name !== key || reserved.has(name)) return this.renderSlow(attributes, reserved);
      body += (body.length === 0 ? '' : ',') + name + '="' + escapeLabelValue(attributeValueToString(value)) + '"';
    }
    return body;
  }

  private renderSlow(attributes: Attributes, reserved: ReadonlySet<string>): string {
    const groups = new Map<string, Array<[string, string]>>();
    for (const key in attributes) {
      const value = attributes[key];
      if (value === undefined || value === null) continue;
      let name = this.names.get(key);
      // Never produce a reserved `__` prefix when renaming.
      if (reserved.has(name)) name = (name.charCodeAt(0) === 95 ? 'key' : '_') + name;
      let group = groups.get(name);
      if (group === undefined) groups.set(name, (group = []));
      group.push([key, attributeValueToString(value)]);
    }
    let body = '';
    for (const [name, group] of groups) {
      if (group.length > 1) group.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let value = group[0][1];
      for (let i = 1; i < group.length; i++) value += ';' + group[i][1];
      body += (body.length === 0 ? '' : ',') + name + '="' + escapeLabelValue(value) + '"';
    }
    return body;
  }
}
