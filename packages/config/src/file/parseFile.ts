import * as otelConfiguration from '@opentelemetry/configuration';
import { ConfigFileError, type ConfigProblem } from './ConfigFileError';

/**
 * What the two lines of `@opentelemetry/configuration` export for reading a
 * file: 0.223.x (Node 20) has `createConfigFactory()`, which reads the file
 * named by `OTEL_CONFIG_FILE`; 0.300+ (Node >= 22.15) has `parseConfigFile(path)`.
 */
interface ConfigurationModule {
  readonly parseConfigFile?: ((file: string) => unknown) | undefined;
  readonly createConfigFactory?: (() => { getConfigModel(): unknown }) | undefined;
}

/** Which API of the installed `@opentelemetry/configuration` is used. */
export function officialParserApi(mod: ConfigurationModule = otelConfiguration as unknown as ConfigurationModule): 'parseConfigFile' | 'createConfigFactory' {
  if (typeof mod.parseConfigFile === 'function') return 'parseConfigFile';
  if (typeof mod.createConfigFactory === 'function') return 'createConfigFactory';
  throw new Error('@meterwork/config: the installed @opentelemetry/configuration exports neither parseConfigFile nor createConfigFactory');
}

/**
 * Reads, substitutes (`${VAR:-default}`) and validates `file` with the
 * official parser, once: the returned model (file_format removed, our
 * `distribution.meterwork` block as written) is all the loader reads.
 * The official errors become a {@link ConfigFileError} with the same text.
 */
export function parseWithOfficialParser(file: string, mod: ConfigurationModule = otelConfiguration as unknown as ConfigurationModule): Record<string, unknown> {
  let model: unknown;
  try {
    if (officialParserApi(mod) === 'parseConfigFile') {
      model = mod.parseConfigFile!(file);
    } else {
      // 0.223 reads the path from the environment only; the call is synchronous, so the variable is restored before anything else runs.
      const saved = process.env.OTEL_CONFIG_FILE;
      process.env.OTEL_CONFIG_FILE = file;
      try {
        model = mod.createConfigFactory!().getConfigModel();
      } finally {
        if (saved === undefined) delete process.env.OTEL_CONFIG_FILE;
        else process.env.OTEL_CONFIG_FILE = saved;
      }
    }
  } catch (error) {
    throw new ConfigFileError(file, officialProblems(file, error), { cause: error });
  }
  return (model ?? {}) as Record<string, unknown>;
}

/** The official message split back into problems (`<pointer> <message>` lines). */
function officialProblems(file: string, error: unknown): ConfigProblem[] {
  const err = error as { message?: unknown; code?: unknown };
  const message = typeof err?.message === 'string' ? err.message : String(error);
  if (err?.code === 'ENOENT' || err?.code === 'EISDIR' || err?.code === 'EACCES') return [{ path: '', message: `cannot be read (${String(err.code)})` }];
  const prefix = `Invalid OpenTelemetry config file: ${file}: `;
  const prefixNoFile = 'Invalid OpenTelemetry config file: ';
  let rest = message.startsWith(prefix) ? message.slice(prefix.length) : message.startsWith(prefixNoFile) ? message.slice(prefixNoFile.length) : undefined;
  if (rest === undefined) {
    // e.g. `<file>: Unsupported file_format: "2.0". This SDK supports schema version 1.x.` or a YAML syntax error.
    rest = message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
    return [{ path: rest.startsWith('Unsupported file_format') ? '/file_format' : '', message: rest }];
  }
  return rest
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(\/\S*)\s+(.*)$/.exec(l);
      return m === null ? { path: '', message: l } : { path: m[1]!, message: m[2]! };
    });
}
