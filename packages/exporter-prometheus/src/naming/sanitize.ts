/**
 * Metric and label name sanitising per the OTel "Prometheus and OpenMetrics
 * Compatibility" spec: invalid characters become `_`, runs of `_` collapse
 * to one (which also keeps us out of the reserved `__` label namespace), and
 * a leading digit gets a `_` prefix.
 */

const INVALID_METRIC_CHARS = /[^a-zA-Z0-9_:]+/g;
const INVALID_LABEL_CHARS = /[^a-zA-Z0-9_]+/g;
const REPEATED_UNDERSCORES = /__+/g;
const VALID_METRIC_NAME = /^(?:[a-zA-Z:]|_(?!_))(?:[a-zA-Z0-9:]|_(?!_))*$/;
const VALID_LABEL_NAME = /^(?:[a-zA-Z]|_(?!_))(?:[a-zA-Z0-9]|_(?!_))*$/;

function finish(name: string): string {
  name = name.replace(REPEATED_UNDERSCORES, '_');
  if (name.length === 0) return '_';
  const first = name.charCodeAt(0);
  // '0'..'9'
  if (first >= 48 && first <= 57) name = '_' + name;
  return name;
}

/** Sanitises an OTel metric name (dots etc. become `_`); never returns an empty string. */
export function sanitizeMetricName(name: string): string {
  if (VALID_METRIC_NAME.test(name)) return name;
  return finish(name.replace(INVALID_METRIC_CHARS, '_'));
}

/** Sanitises an attribute key into a Prometheus label name; never empty, never `__`-prefixed. */
export function sanitizeLabelName(name: string): string {
  if (VALID_LABEL_NAME.test(name)) return name;
  return finish(name.replace(INVALID_LABEL_CHARS, '_'));
}

/**
 * A bounded memo of `sanitizeLabelName`: attribute keys repeat on every point
 * and every scrape, and a Map hit is several times cheaper than the regex
 * tests. Cleared when full so adversarial key sets cannot grow it unbounded.
 */
export class LabelNameCache {
  private readonly cache = new Map<string, string>();
  constructor(private readonly maxEntries = 10_000) {}

  get(key: string): string {
    let name = this.cache.get(key);
    if (name === undefined) {
      name = sanitizeLabelName(key);
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(key, name);
    }
    return name;
  }
}
