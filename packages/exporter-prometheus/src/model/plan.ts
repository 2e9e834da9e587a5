import { diag } from '@opentelemetry/api';
import type { Family, FamilyMember, FamilyType } from './types';

/** Sample names a family of `type` writes in either format (`_created` too, even when switched off: the name stays taken). */
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

  add(
    type: FamilyType,
    name: string,
    familyName: string,
    unit: string,
    help: string,
    member: FamilyMember | undefined,
    originalName: string,
    infoLabels?: Family['infoLabels'],
  ): boolean {
    let family = this.byFamilyName.get(familyName);
    if (family !== undefined) {
      if (family.type !== type || family.name !== name) {
        this.conflict(originalName, name, family);
        return false;
      }
      if (help !== family.help) this.metadataConflict(originalName, family, 'HELP', family.help, help);
      if (unit !== family.unit) this.metadataConflict(originalName, family, 'UNIT', family.unit, unit);
      if (member !== undefined) family.members.push(member);
      return true;
    }
    const samples = sampleNames(type, name, familyName);
    const owner =
      this.byName.get(name) ??
      this.bySample.get(name) ??
      this.bySample.get(familyName) ??
      samples.map((s) => this.bySample.get(s) ?? this.byFamilyName.get(s)).find((f) => f !== undefined);
    if (owner !== undefined) {
      this.conflict(originalName, name, owner);
      return false;
    }
    family = { type, name, familyName, unit, help, members: member === undefined ? [] : [member], infoLabels };
    this.families.push(family);
    this.byFamilyName.set(familyName, family);
    this.byName.set(name, family);
    for (const s of samples) this.bySample.set(s, family);
    return true;
  }

  /** True the first time `key` is seen (per serializer or bridge: warnings are not repeated on every scrape). */
  firstWarning(key: string): boolean {
    if (this.warned.has(key)) return false;
    if (this.warned.size >= MAX_WARNED_NAMES) this.warned.clear();
    this.warned.add(key);
    return true;
  }

  private metadataConflict(originalName: string, family: Family, field: 'HELP' | 'UNIT', kept: string, dropped: string): void {
    if (!this.firstWarning(field + '\u0000' + family.familyName)) return;
    diag.warn(
      `@meterwork/exporter-prometheus: metric '${originalName}' (${family.name}) has ${field} ${JSON.stringify(dropped)} but ${JSON.stringify(kept)} was seen first for that name; ` +
        `keeping the first ${field} and dropping ${JSON.stringify(dropped)} (its points are kept; warned once per name)`,
    );
  }

  private conflict(originalName: string, name: string, owner: Family): void {
    if (!this.firstWarning('TYPE\u0000' + originalName + '\u0000' + name)) return;
    diag.warn(
      `@meterwork/exporter-prometheus: dropping metric '${originalName}' (${name}): its name conflicts with the ${owner.type} '${owner.name}' already exposed (warned once per name)`,
    );
  }
}
