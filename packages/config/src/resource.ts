import { mergeResourceAttributesConfig } from '@opentelemetry/configuration';
import { defaultResource, detectResources, envDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { Attributes, AttributeValue } from '@opentelemetry/api';

/** The file's `resource` block (attributes and attributes_list) over the SDK's default resource, as sdk-node builds it. */
export function resourceFromConfig(resource: unknown): Resource {
  const r = (resource ?? {}) as { attributes?: Array<{ name: string; value: unknown }>; attributes_list?: string; schema_url?: string };
  const attributes: Attributes = {};
  for (const a of mergeResourceAttributesConfig(r.attributes as never, r.attributes_list) ?? []) {
    if (a.value !== null && a.value !== undefined) attributes[a.name] = a.value as AttributeValue;
  }
  return defaultResource().merge(resourceFromAttributes(attributes, r.schema_url === undefined ? undefined : { schemaUrl: r.schema_url }));
}

/** Without a file: the default resource with `OTEL_RESOURCE_ATTRIBUTES` / `OTEL_SERVICE_NAME`. */
export function resourceFromEnv(): Resource {
  return defaultResource().merge(detectResources({ detectors: [envDetector] }));
}
