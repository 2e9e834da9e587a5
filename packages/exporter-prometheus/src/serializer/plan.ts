import { diag } from '@opentelemetry/api';
import type { MeterworkMetricData } from '@meterwork/core';
import type { MetricData } from '@opentelemetry/sdk-metrics';

/** Prometheus metric family types we emit (`info` only for `target_info`). */
export type FamilyType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'info';

/** What one member of a family renders: a standard OTel metric or one facet of a meterwork rich metric. */
export type MemberSource =
  | { readonly kind: 'target_info' }
  | { readonly kind: 'sum' | 'gauge' | 'histogram' | 'exponential_histogram'; readonly metric: MetricData }
  | { readonly kind: 'summary' | 'meter_count' | 'meter_rate' | 'gonogo_outcomes' | 'gonogo_outliers' | 'tagged'; readonly data: MeterworkMetricData }
  | { readonly kind: 'gonogo_stat'; readonly data: MeterworkMetricData; readonly stat: 'mean' | 'min' | 'max' };

export interface FamilyMember {
  readonly source: MemberSource;
  /** Scope (and constant resource) labels body, e.g. `otel_scope_name="x"`. */
  readonly fixedLabels: string;
}

export interface Family {
  readonly type: FamilyType;
  /** Text 0.0.4 name (counters end with `_total`). */
  readonly name: string;
  /** OpenMetrics family name (counters without `_total`). */
  readonly familyName: string;
  readonly unit: string;
  /** Never empty (promtool flags an empty HELP): the serializer falls back to the name. */
  readonly help: string;
  readonly members: FamilyMember[];
}

function sampleNames(type: FamilyType, name: string, familyName: string): string[] {
  switch (type) {
    case 'counter':
      return [name, familyName + '_total', familyName + '_created'];
    case 'gauge':
      return [name];
    case 'info':
      return [familyName + '_info'];
    case 'histogram':
      return [name + '_bucket', name + '_count', name + '_sum', name + '_created'];
    case 'summary':
      return [name, name + '_count', name + '_sum', name + '_created'];
  }
}

/** Bound of the set of names already warned about (cleared when reached, like the name cache). */
const MAX_WARNED_NAMES = 10_000;

/**
 * Groups metrics into families by Prometheus name so a name gets one HELP/TYPE
 * block even when several scopes define it. A metric whose family name, text
 * name or any sample name is owned by a family of a different type (or a
 * different name) is dropped with a warning, as the spec requires.
 *
 * A metric joining a family with a different HELP (description) or UNIT keeps
 * its points but not its HELP/UNIT: the first seen wins (spec: "all but one of
 * the conflicting UNIT and HELP comments ... SHOULD be dropped" and the
 * exporter "SHOULD warn"). That warning is given once per name and field for
 * the lifetime of `warned` (one serializer), not on every scrape.
 */
export class FamilyPlan {
  readonly families: Family[] = [];
  private readonly byFamilyName = new Map<string, Family>();
  private readonly byName = new Map<string, Family>();
  private readonly bySample = new Map<string, Family>();

  /** @param warned keys of the metadata conflicts already warned about; shared across scrapes by the serializer. */
  constructor(private readonly warned: Set<string>) {}

  add(type: FamilyType, name: string, familyName: string, unit: string, help: string, member: FamilyMember, originalName: string): boolean {
    let family = this.byFamilyName.get(familyName);
    if (family !== undefined) {
      if (family.type !== type || family.name !== name) {
        this.conflict(originalName, name, family);
        return false;
      }
      if (help !== family.help) this.metadataConflict(originalName, family, 'HELP', family.help, help);
      if (unit !== family.unit) this.metadataConflict(originalName, family, 'UNIT', family.unit, unit);
      family.members.push(member);
      return true;
    }
    const samples = sampleNames(type, name, familyName);
    const owner = this.byName.get(name) ?? this.bySample.get(name) ?? this.bySample.get(familyName) ?? samples.map((s) => this.bySample.get(s) ?? this.byFamilyName.get(s)).find((f) => f !== undefined);
    if (owner !== undefined) {
      this.conflict(originalName, name, owner);
      return false;
    }
    family = { type, name, familyName, unit, help, members: [member] };
    this.families.push(family);
    this.byFamilyName.set(familyName, family);
    this.byName.set(name, family);
    for (const s of samples) this.bySample.set(s, family);
    return true;
  }

  private metadataConflict(originalName: string, family: Family, field: 'HELP' | 'UNIT', kept: string, dropped: string): void {
    const key = field + '\u0000' + family.familyName;
    if (this.warned.has(key)) return;
    if (this.warned.size >= MAX_WARNED_NAMES) this.warned.clear();
    this.warned.add(key);
    diag.warn(
      `@meterwork/exporter-prometheus: metric '${originalName}' (${family.name}) has ${field} ${JSON.stringify(dropped)} but ${JSON.stringify(kept)} was seen first for that name; ` +
        `keeping the first ${field} and dropping ${JSON.stringify(dropped)} (its points are kept; warned once per name)`,
    );
  }

  private conflict(originalName: string, name: string, owner: Family): void {
    diag.warn(`@meterwork/exporter-prometheus: dropping metric '${originalName}' (${name}): its name conflicts with the ${owner.type} '${owner.name}' already exposed`);
  }
}
