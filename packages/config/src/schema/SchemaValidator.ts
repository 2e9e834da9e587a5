import type { ConfigProblem } from '../file/ConfigFileError';

/**
 * The JSON Schema keywords meterwork's schema uses (draft-07). Editors and
 * the tests validate the same file with a full validator (ajv); the loader
 * walks it with this small interpreter instead, so `startMetrics` compiles no
 * schema at start-up and every mistake gets a message naming what was found
 * and what is allowed.
 */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: SchemaType | readonly SchemaType[];
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly required?: readonly string[];
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly description?: string;
  readonly [other: string]: unknown;
}

type SchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** Keys of a validated object become camelCase (`request_timeout_millis` -> `requestTimeoutMillis`); map keys (headers, tags) stay as written. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** How a found value is shown in a message. */
export function describeFound(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? value.slice(0, 60) + '...' : value);
  return String(value);
}

const TYPE_NAMES: Record<SchemaType, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean (true or false)',
  null: 'empty',
};

function typeOk(type: SchemaType, value: unknown): boolean {
  switch (type) {
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
  }
}

/**
 * Validates a value against a schema and returns it with camelCase keys.
 * Every mistake is one {@link ConfigProblem}; below a mistake nothing more is
 * reported (a value of the wrong type is not searched for further errors).
 */
export class SchemaValidator {
  /** `$ref`s resolved once per schema node (the walk meets the same nodes for every file). */
  private readonly resolved = new WeakMap<JsonSchema, JsonSchema>();
  private readonly patterns = new Map<string, RegExp>();

  constructor(private readonly root: JsonSchema) {}

  validate(value: unknown, path: string, problems: ConfigProblem[]): unknown {
    return this.walk(this.root, value, path, problems);
  }

  private resolve(schema: JsonSchema): JsonSchema {
    if (schema.$ref === undefined) return schema;
    let out = this.resolved.get(schema);
    if (out === undefined) {
      out = this.resolveRef(schema);
      this.resolved.set(schema, out);
    }
    return out;
  }

  private resolveRef(schema: JsonSchema): JsonSchema {
    let s = schema;
    while (s.$ref !== undefined) {
      const { $ref, ...rest } = s;
      let target: unknown = this.root;
      for (const part of $ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)[part];
      if (target === undefined) throw new Error(`meterwork schema: unresolved $ref ${$ref}`);
      s = { ...(target as JsonSchema), ...rest };
    }
    return s;
  }

  private walk(schemaIn: JsonSchema, value: unknown, path: string, problems: ConfigProblem[]): unknown {
    const schema = this.resolve(schemaIn);
    if (schema.anyOf !== undefined) {
      for (const branch of schema.anyOf) {
        const trial: ConfigProblem[] = [];
        const out = this.walk(branch, value, path, trial);
        if (trial.length === 0) return out;
      }
      problems.push({ path, message: `must be ${schema.anyOf.map((b) => this.expected(b)).join(' or ')}, found ${describeFound(value)}` });
      return undefined;
    }
    if (schema.type !== undefined) {
      const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
      if (!types.some((t) => typeOk(t, value))) {
        problems.push({ path, message: `must be ${this.expected(schema)}, found ${describeFound(value)}` });
        return undefined;
      }
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
      problems.push({ path, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, found ${describeFound(value)}` });
      return undefined;
    }
    if (typeof value === 'number') return this.number(schema, value, path, problems);
    if (typeof value === 'string') return this.string(schema, value, path, problems);
    if (Array.isArray(value)) return this.array(schema, value, path, problems);
    if (value !== null && typeof value === 'object') return this.object(schema, value as Record<string, unknown>, path, problems);
    return value;
  }

  /** What a schema allows, in words: `an integer >= 1`, `one of "PUT", "POST"`. */
  private expected(schemaIn: JsonSchema): string {
    const s = this.resolve(schemaIn);
    if (s.enum !== undefined) return `one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}`;
    if (s.anyOf !== undefined) return s.anyOf.map((b) => this.expected(b)).join(' or ');
    const types = s.type === undefined ? [] : typeof s.type === 'string' ? [s.type] : s.type;
    let words = types.map((t) => TYPE_NAMES[t]).join(' or ');
    if (types.includes('array') && s.items !== undefined) words += ` of ${this.expected(s.items).replace(/^an? /, '')}s`;
    const bounds = this.bounds(s);
    return bounds === '' ? words : `${words} ${bounds}`;
  }

  private bounds(s: JsonSchema): string {
    const parts: string[] = [];
    if (s.minimum !== undefined) parts.push(`>= ${s.minimum}`);
    if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
    if (s.maximum !== undefined) parts.push(`<= ${s.maximum}`);
    if (s.exclusiveMaximum !== undefined) parts.push(`< ${s.exclusiveMaximum}`);
    return parts.join(' and ');
  }

  private number(s: JsonSchema, value: number, path: string, problems: ConfigProblem[]): unknown {
    const ok =
      (s.minimum === undefined || value >= s.minimum) &&
      (s.exclusiveMinimum === undefined || value > s.exclusiveMinimum) &&
      (s.maximum === undefined || value <= s.maximum) &&
      (s.exclusiveMaximum === undefined || value < s.exclusiveMaximum);
    if (!ok) problems.push({ path, message: `must be ${this.expected(s)}, found ${value}` });
    return value;
  }

  private string(s: JsonSchema, value: string, path: string, problems: ConfigProblem[]): unknown {
    if (s.minLength !== undefined && value.length < s.minLength) {
      problems.push({ path, message: `must be a non-empty string, found ${describeFound(value)}` });
    } else if (s.pattern !== undefined && !this.regExp(s.pattern).test(value)) {
      problems.push({ path, message: `must match ${s.pattern}${s.description === undefined ? '' : ` (${s.description})`}, found ${describeFound(value)}` });
    }
    return value;
  }

  private regExp(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (re === undefined) {
      re = new RegExp(pattern, 'u');
      this.patterns.set(pattern, re);
    }
    return re;
  }

  private array(s: JsonSchema, value: unknown[], path: string, problems: ConfigProblem[]): unknown {
    if (s.minItems !== undefined && value.length < s.minItems) {
      problems.push({ path, message: `must list at least ${s.minItems} item${s.minItems === 1 ? '' : 's'}, found ${value.length}` });
      return value;
    }
    const items = s.items;
    return items === undefined ? value : value.map((v, i) => this.walk(items, v, `${path}/${i}`, problems));
  }

  private object(s: JsonSchema, value: Record<string, unknown>, path: string, problems: ConfigProblem[]): unknown {
    const keys = Object.keys(value);
    const props = s.properties ?? {};
    const known = Object.keys(props);
    const out: Record<string, unknown> = {};
    let failed = false;
    for (const key of keys) {
      const child = `${path}/${escapePointer(key)}`;
      const prop = props[key];
      if (prop !== undefined) {
        out[camelCase(key)] = this.walk(prop, value[key], child, problems);
      } else if (typeof s.additionalProperties === 'object') {
        out[key] = this.walk(s.additionalProperties, value[key], child, problems);
      } else if (s.additionalProperties === false) {
        problems.push({ path: child, message: `is not a known key; allowed: ${known.join(', ') || '(none)'}` });
        failed = true;
      } else {
        out[key] = value[key];
      }
    }
    if (failed) return out;
    const exactlyOne = s.minProperties === 1 && s.maxProperties === 1;
    if (exactlyOne && keys.length !== 1) {
      problems.push({ path, message: `must have exactly one of ${known.join(', ')}, found ${keys.length === 0 ? 'none' : keys.join(', ')}` });
    } else if (s.minProperties !== undefined && keys.length < s.minProperties) {
      problems.push({ path, message: `must have at least ${s.minProperties} of ${known.join(', ')}, found none` });
    } else if (s.maxProperties !== undefined && keys.length > s.maxProperties) {
      problems.push({ path, message: `must have at most ${s.maxProperties} of ${known.join(', ')}, found ${keys.join(', ')}` });
    }
    for (const req of s.required ?? []) {
      if (!(req in value)) problems.push({ path: `${path}/${escapePointer(req)}`, message: 'is required' });
    }
    if (s.oneOf !== undefined) {
      // Only `oneOf: [{ required: [a] }, { required: [b] }]` (exactly one of these keys) is used.
      const alternatives = s.oneOf.map((b) => b.required ?? []);
      const matching = alternatives.filter((req) => req.every((k) => k in value));
      if (matching.length !== 1) {
        const names = alternatives.map((a) => a.join(' + '));
        problems.push({
          path,
          message: `must have exactly one of ${names.join(', ')}, found ${matching.length === 0 ? 'none' : matching.map((a) => a.join(' + ')).join(' and ')}`,
        });
      }
    }
    return out;
  }
}

/** RFC 6901 escaping of one pointer segment. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
