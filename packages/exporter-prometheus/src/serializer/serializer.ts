import { InvalidOptionError } from '@meterwork/core';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { ModelBuilder } from '../model/build';
import { resolveModelOptions } from '../model/options';
import { booleanOption, positiveIntegerOption } from '../options';
import { TextRenderer } from './text';
import type { ExpositionFormat, PrometheusSerializerOptions } from './types';

const DEFAULT_CHUNK_SIZE_CHARS = 65536;

function checkFormat(format: ExpositionFormat): void {
  if (format !== 'prometheus-text' && format !== 'openmetrics') {
    throw new InvalidOptionError('PrometheusSerializer', 'format', "must be 'prometheus-text' or 'openmetrics'", format);
  }
}

/**
 * Serializes OTel `ResourceMetrics` (including meterwork rich data) to the
 * Prometheus text format 0.0.4 or OpenMetrics 1.0.0. Pure apart from caches
 * of sanitised names, which it keeps across calls (reuse one instance).
 */
export class PrometheusSerializer {
  private readonly model: ModelBuilder;
  private readonly withCreated: boolean;
  private readonly chunkSizeChars: number;

  constructor(options: PrometheusSerializerOptions = {}) {
    this.model = new ModelBuilder(resolveModelOptions('PrometheusSerializer', options));
    this.withCreated = booleanOption('PrometheusSerializer', 'withCreated', options.withCreated, true);
    this.chunkSizeChars = positiveIntegerOption('PrometheusSerializer', 'chunkSizeChars', options.chunkSizeChars, DEFAULT_CHUNK_SIZE_CHARS);
  }

  /** The whole exposition as one string. */
  serialize(resourceMetrics: ResourceMetrics, format: ExpositionFormat = 'prometheus-text'): string {
    checkFormat(format);
    // 64 KB pieces (flattened as they are made, see TextRenderer.take) joined once:
    // one rope of 100k small concatenations measured ~2-4x slower.
    const chunks: string[] = [];
    for (const chunk of this.render(resourceMetrics, format, DEFAULT_CHUNK_SIZE_CHARS)) chunks.push(chunk);
    return chunks.length === 1 ? chunks[0] : chunks.join('');
  }

  /**
   * The exposition in chunks of about `chunkSizeChars` characters, produced
   * lazily: a consumer that writes each chunk before pulling the next keeps
   * memory bounded by the chunk size (plus the collected data).
   */
  serializeChunks(resourceMetrics: ResourceMetrics, format: ExpositionFormat = 'prometheus-text'): Iterable<string> {
    checkFormat(format);
    return this.render(resourceMetrics, format, this.chunkSizeChars);
  }

  private *render(resourceMetrics: ResourceMetrics, format: ExpositionFormat, chunkSize: number): Generator<string, void, undefined> {
    const model = this.model.build(resourceMetrics);
    yield* new TextRenderer(this.model.labels, format, this.withCreated, chunkSize).render(model);
  }
}

let defaultSerializer: PrometheusSerializer | undefined;

/**
 * Serializes `ResourceMetrics` to text (Prometheus 0.0.4 by default). With
 * `options`, a new serializer is built per call; reuse a
 * {@link PrometheusSerializer} on hot paths.
 */
export function serializeResourceMetrics(
  resourceMetrics: ResourceMetrics,
  format: ExpositionFormat = 'prometheus-text',
  options?: PrometheusSerializerOptions,
): string {
  const serializer = options === undefined ? (defaultSerializer ??= new PrometheusSerializer()) : new PrometheusSerializer(options);
  return serializer.serialize(resourceMetrics, format);
}
