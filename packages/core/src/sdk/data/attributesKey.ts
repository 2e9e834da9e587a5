import type { Attributes } from '@opentelemetry/api';

/** A key identifying an attribute set regardless of key order. */
export function attributesKey(attributes: Attributes): string {
  const keys = Object.keys(attributes);
  if (keys.length === 0) return '';
  keys.sort();
  let key = '';
  for (const k of keys) key += JSON.stringify(k) + ':' + JSON.stringify(attributes[k]) + ',';
  return key;
}
