import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import { nowHrTime } from './time';

/** Attributes of the series that takes measurements beyond the cardinality limit (OTel's). */
export const OVERFLOW_ATTRIBUTES: Attributes = Object.freeze({ 'otel.metric.overflow': true });

/** One attribute set's state. */
export interface SeriesEntry<S> {
  readonly attributes: Attributes;
  readonly startTime: HrTime;
  readonly series: S;
}

/** A trie node: one level per attribute (in the caller's key order), then per value. */
interface TrieNode<S> {
  children: Map<string, Map<unknown, TrieNode<S>>> | undefined;
  entry: SeriesEntry<S> | undefined;
}

export interface SeriesTableOptions {
  /** Series kept, the overflow series included (OTel's rule). */
  readonly cardinalityLimit: number;
  /** Keys kept in the series key; all when undefined. */
  readonly attributeKeys?: readonly string[] | undefined;
  /** Keys left out of the series key (applied after `attributeKeys`). */
  readonly excludedAttributeKeys?: readonly string[] | undefined;
  /** A key left out of the series key whose presence is reported in `flagged` (go/no-go's `error.type`). */
  readonly flagKey?: string;
  /** Told about attribute values that are not OTel attribute values (they are left out of the key). */
  readonly onInvalidAttribute?: (key: string, value: unknown) => void;
  /** Told each time an attribute set beyond the cardinality limit goes to the overflow series. */
  readonly onOverflow?: () => void;
}

/**
 * Per-attribute-set state with a record path that allocates nothing once a
 * series exists: attributes are walked in their own key order through a trie
 * of `Map`s (two `Map.get` per attribute), with no hashing and no key string.
 * A miss (new series, new key order, array values) takes the slow path: a
 * canonical key from the sorted entries finds or creates the series, then
 * the trie learns that key order. The trie only grows for series that exist,
 * so attributes past the cardinality limit cannot grow it.
 */
export class SeriesTable<S> {
  /** Set by `lookup`: whether `flagKey` was present (not part of the key). */
  flagged = false;
  private readonly _root: TrieNode<S> = { children: undefined, entry: undefined };
  private readonly _byKey = new Map<string, SeriesEntry<S>>();
  private readonly _keySet: ReadonlySet<string> | undefined;
  private readonly _excludedKeys: ReadonlySet<string> | undefined;
  private readonly _flagKey: string | undefined;
  private readonly _limit: number;
  private readonly _onInvalid: ((key: string, value: unknown) => void) | undefined;
  private readonly _onOverflow: (() => void) | undefined;
  private _overflow: SeriesEntry<S> | undefined;

  constructor(
    private readonly _create: () => S,
    options: SeriesTableOptions,
  ) {
    this._limit = options.cardinalityLimit;
    this._keySet = options.attributeKeys === undefined ? undefined : new Set(options.attributeKeys);
    const excluded = options.excludedAttributeKeys;
    this._excludedKeys = excluded === undefined || excluded.length === 0 ? undefined : new Set(excluded);
    this._flagKey = options.flagKey;
    this._onInvalid = options.onInvalidAttribute;
    this._onOverflow = options.onOverflow;
  }

  /** The series for these attributes (created if new, the overflow series past the limit). */
  lookup(attributes: Attributes | undefined): S {
    let node = this._root;
    let flagged = false;
    if (typeof attributes === 'object' && attributes !== null) {
      for (const key in attributes) {
        const value = attributes[key];
        if (value === undefined) continue;
        if (key === this._flagKey) {
          flagged = true;
          continue;
        }
        if ((this._keySet !== undefined && !this._keySet.has(key)) || this._excludedKeys?.has(key) === true) continue;
        const next = node.children?.get(key)?.get(value);
        if (next === undefined) return this._slowLookup(attributes);
        node = next;
      }
    }
    this.flagged = flagged;
    const entry = node.entry;
    return entry === undefined ? this._slowLookup(attributes) : entry.series;
  }

  /** All series, the overflow series last. */
  entries(): SeriesEntry<S>[] {
    const all = Array.from(this._byKey.values());
    if (this._overflow !== undefined) all.push(this._overflow);
    return all;
  }

  /** Series created so far (the overflow series not counted). */
  get size(): number {
    return this._byKey.size;
  }

  private _slowLookup(attributes: Attributes | undefined): S {
    // Bad input (null, a string) counts as no attributes rather than throwing.
    if (typeof attributes !== 'object' || attributes === null) attributes = undefined;
    const kept: Attributes = {};
    const sortedKeys: string[] = [];
    let flagged = false;
    let trieable = true;
    if (attributes !== undefined) {
      for (const key in attributes) {
        const value = attributes[key];
        if (value === undefined) continue;
        if (key === this._flagKey) {
          flagged = true;
          continue;
        }
        if ((this._keySet !== undefined && !this._keySet.has(key)) || this._excludedKeys?.has(key) === true) continue;
        // Arrays are compared by identity in a Map: they always take this path.
        if (typeof value === 'object') trieable = false;
        if (!isAttributeValue(value)) {
          trieable = false;
          this._onInvalid?.(key, value);
          continue;
        }
        sortedKeys.push(key);
      }
    }
    this.flagged = flagged;
    sortedKeys.sort();
    for (const key of sortedKeys) kept[key] = copyValue(attributes![key]!);
    const canonical = JSON.stringify(sortedKeys.map((k) => [k, kept[k]]));
    let entry = this._byKey.get(canonical);
    if (entry === undefined) {
      if (this._byKey.size >= this._limit - 1) {
        this._overflow ??= { attributes: OVERFLOW_ATTRIBUTES, startTime: nowHrTime(), series: this._create() };
        this._onOverflow?.();
        return this._overflow.series;
      }
      entry = { attributes: Object.freeze(kept), startTime: nowHrTime(), series: this._create() };
      this._byKey.set(canonical, entry);
    }
    if (trieable) this._learn(attributes, entry);
    return entry.series;
  }

  /** Adds the path for this key order to the trie. */
  private _learn(attributes: Attributes | undefined, entry: SeriesEntry<S>): void {
    let node = this._root;
    if (typeof attributes === 'object' && attributes !== null) {
      for (const key in attributes) {
        const value = attributes[key];
        if (value === undefined || key === this._flagKey) continue;
        if ((this._keySet !== undefined && !this._keySet.has(key)) || this._excludedKeys?.has(key) === true) continue;
        node.children ??= new Map();
        let byValue = node.children.get(key);
        if (byValue === undefined) {
          byValue = new Map();
          node.children.set(key, byValue);
        }
        let next = byValue.get(value);
        if (next === undefined) {
          next = { children: undefined, entry: undefined };
          byValue.set(value, next);
        }
        node = next;
      }
    }
    node.entry = entry;
  }
}

function isPrimitive(v: unknown): boolean {
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean';
}

/** OTel attribute values: a string, number, boolean or a homogeneous array of them (null items allowed). */
function isAttributeValue(v: unknown): boolean {
  if (isPrimitive(v)) return true;
  if (!Array.isArray(v)) return false;
  return v.every((x) => x === null || x === undefined || isPrimitive(x));
}

/** The caller may mutate its arrays later: keep our own copy. */
function copyValue(value: AttributeValue): AttributeValue {
  return Array.isArray(value) ? (value.slice() as AttributeValue) : value;
}
