import type { MeterworkSource } from '../export/MetricSource';
import type { InstrumentStorage } from './InstrumentStorage';

/** An instrumentation scope as OTel reports it. */
export interface Scope {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
}

interface ScopeStorages {
  readonly scope: Scope;
  /** By lower-cased metric name: OTel instrument names are case-insensitive. */
  readonly storages: Map<string, InstrumentStorage>;
}

/** All meterwork instrument storages, grouped by scope, in creation order. */
export class StorageRegistry {
  private readonly _scopes = new Map<string, ScopeStorages>();
  private _sources: readonly MeterworkSource[] = [];

  /** Adds a source of metrics kept outside instruments; returns its remover. */
  addSource(source: MeterworkSource): () => void {
    if (!this._sources.includes(source)) this._sources = [...this._sources, source];
    return () => {
      this._sources = this._sources.filter((s) => s !== source);
    };
  }

  /** The registered sources, in registration order. */
  sources(): readonly MeterworkSource[] {
    return this._sources;
  }

  /** The storage registered under this scope and name, or the one `create` makes. */
  getOrCreate(scope: Scope, name: string, create: () => InstrumentStorage): InstrumentStorage {
    const scopeKey = `${scope.name}\u0000${scope.version ?? ''}\u0000${scope.schemaUrl ?? ''}`;
    let entry = this._scopes.get(scopeKey);
    if (entry === undefined) {
      entry = { scope, storages: new Map() };
      this._scopes.set(scopeKey, entry);
    }
    const key = name.toLowerCase();
    let storage = entry.storages.get(key);
    if (storage === undefined) {
      storage = create();
      entry.storages.set(key, storage);
    }
    return storage;
  }

  scopes(): Array<{ scope: Scope; storages: InstrumentStorage[] }> {
    return Array.from(this._scopes.values(), (s) => ({ scope: s.scope, storages: Array.from(s.storages.values()) }));
  }
}
