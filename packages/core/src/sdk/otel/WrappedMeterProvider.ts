import type { Meter, MeterOptions, MeterProvider } from '@opentelemetry/api';
import { WrappedMeter, type InstrumentResolver } from './WrappedMeter';

/** The lifecycle methods an SDK `MeterProvider` has beyond the API interface. */
interface Lifecycle {
  forceFlush?(options?: unknown): Promise<void>;
  shutdown?(options?: unknown): Promise<void>;
}

/**
 * A user's `MeterProvider` whose meters route instruments matched by a
 * meterwork view to meterwork. `forceFlush` and `shutdown` reach the wrapped
 * provider, so the wrapper can replace it everywhere (e.g. as the global
 * provider).
 */
export class WrappedMeterProvider implements MeterProvider {
  private readonly _meters = new Map<string, Meter>();

  constructor(
    private readonly _delegate: MeterProvider,
    private readonly _resolver: InstrumentResolver,
  ) {}

  getMeter(name: string, version?: string, options?: MeterOptions): Meter {
    const key = `${name}\u0000${version ?? ''}\u0000${options?.schemaUrl ?? ''}`;
    let meter = this._meters.get(key);
    if (meter === undefined) {
      const scope = { name, version, schemaUrl: options?.schemaUrl };
      meter = new WrappedMeter(this._delegate.getMeter(name, version, options), scope, this._resolver);
      this._meters.set(key, meter);
    }
    return meter;
  }

  async forceFlush(options?: unknown): Promise<void> {
    await (this._delegate as Lifecycle).forceFlush?.(options);
  }

  async shutdown(options?: unknown): Promise<void> {
    await (this._delegate as Lifecycle).shutdown?.(options);
  }
}
