import type { RunningSpan, Span } from '../span/Span';

interface Node {
  readonly span: Span;
  readonly children: RunningSpan[];
}

/** @internal The running spans (a linked list from `head`) as sorted trees. */
export function listRunning(head: Span | undefined, now: number, origin: number): RunningSpan[] {
  const nodes = new Map<Span, Node>();
  for (let s = head; s !== undefined; s = s._next) nodes.set(s, { span: s, children: [] });
  const infos = new Map<Span, RunningSpan>();
  for (const node of nodes.values()) {
    const s = node.span;
    infos.set(s, {
      id: s.id,
      parentId: s.parent?.id,
      traceId: s.traceId,
      funcId: s.func.id,
      scope: s.func.scope.name,
      name: s.func.name,
      start: origin + s.start,
      args: s.args,
      annotations: s.annotations.slice(),
      orphaned: s.orphaned,
      elapsed: now - s.start,
      children: node.children,
    });
  }
  const roots: RunningSpan[] = [];
  for (const [s, info] of infos) {
    const parent = s.parent === undefined ? undefined : nodes.get(s.parent);
    if (parent === undefined) roots.push(info);
    else parent.children.push(info);
  }
  for (const node of nodes.values()) node.children.sort(byStart);
  return roots.sort(byStart);
}

function byStart(a: RunningSpan, b: RunningSpan): number {
  return a.start - b.start || a.id - b.id;
}
