/**
 * Regression: the SDK's default service name `unknown_service:/usr/bin/node` (the executable path) passed the
 * anonymous profile's allow-list under the allowed key `service.name`. Found running examples/anonymous-telemetry.
 */
import { emptyResource, resourceFromAttributes } from '@opentelemetry/resources';
import { AnonymousProfile } from '../../src/profile/AnonymousProfile';

it('sends unknown_service without the executable path, and a real service name unchanged', () => {
  const profile = new AnonymousProfile();
  const unnamed = profile.anonymize({ resource: resourceFromAttributes({ 'service.name': 'unknown_service:/home/alice/bin/node' }), scopeMetrics: [] });
  expect(unnamed.resource.attributes['service.name']).toBe('unknown_service');
  const named = profile.anonymize({ resource: resourceFromAttributes({ 'service.name': 'file-server' }), scopeMetrics: [] });
  expect(named.resource.attributes['service.name']).toBe('file-server');
  expect(profile.anonymize({ resource: emptyResource(), scopeMetrics: [] }).resource.attributes['service.name']).toBeUndefined();
});
