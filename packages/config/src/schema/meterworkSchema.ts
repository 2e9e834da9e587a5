import { readFileSync } from 'fs';
import { join } from 'path';
import { SchemaValidator, type JsonSchema } from './SchemaValidator';

/**
 * The shipped JSON Schema of `distribution.meterwork` (`schema/meterwork.schema.json`
 * in the package, also exported as `@meterwork/config/schema.json`): the one
 * source of truth for editors, the tests' ajv check and the loader.
 * Read once, on first use (one small JSON parse, no compilation).
 */
export const SCHEMA_PATH = join(__dirname, '..', '..', 'schema', 'meterwork.schema.json');

let validator: SchemaValidator | undefined;

export function meterworkSchemaValidator(): SchemaValidator {
  validator ??= new SchemaValidator(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as JsonSchema);
  return validator;
}
