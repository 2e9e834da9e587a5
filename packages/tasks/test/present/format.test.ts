import type { PresentStat } from '../../src/present/types';
import { goDuration } from '../../src/present/format/duration';
import { escapeDotLabel } from '../../src/present/format/dot';
import { jsonList } from '../../src/present/format/list';
import { funcsDot, funcsJson, funcsText } from '../../src/present/funcs';
import { psJson, psText } from '../../src/present/ps';
import { statsJson, statsText } from '../../src/present/stats';
import { layoutRows, traceSvg, SPAN_COLORS } from '../../src/present/trace/svg';
import { dist, FakeSource, func, quantileOf } from './fakeSource';

describe('goDuration (Go Duration.String())', () => {
  it.each([
    [0, '0s'],
    [750, '750ns'],
    [2308, '2.308µs'],
    [3254520, '3.25452ms'],
    [1_009_000_000, '1.009s'],
    [62_500_000_000, '1m2.5s'],
    [7_200_000_000_000, '2h0m0s'],
    [-1500, '-1.5µs'],
    [1_000_000, '1ms'],
  ])('%d ns -> %s', (ns, text) => expect(goDuration(ns)).toBe(text));
});

describe('quantileOf (type 7)', () => {
  it('interpolates at q*(n-1)', () => {
    expect(quantileOf([10, 20, 30, 40], 0.5)).toBe(25);
    expect(quantileOf([10, 20, 30, 40], 0)).toBe(10);
    expect(quantileOf([10, 20, 30, 40], 1)).toBe(40);
    expect(quantileOf([], 0.5)).toBe(0);
  });
});

describe('escapeDotLabel', () => {
  it('keeps [A-Za-z0-9 ], turns newlines into \\l and everything else into entities', () => {
    expect(escapeDotLabel('a.B 9:"x"\n')).toBe('a&#46;B 9&#58;&#34;x&#34;\\l');
    expect(escapeDotLabel('é')).toBe('&#233;');
  });
});

describe('jsonList', () => {
  it('writes monkit’s one-element-per-line layout', () => {
    expect(jsonList([{ a: 1 }, { b: 2 }])).toBe('[\n {"a":1},\n {"b":2}]\n');
    expect(jsonList([])).toBe('[]\n');
  });
});

const leaf = func(9, '/main', 'Leaf', {
  parentIds: [7],
  entry: false,
  highwater: 1,
  success: 5,
  errors: { MyError: 2, EOF: 3 },
  successTimes: dist([1_080_612, 1_100_000, 1_200_000, 1_000_000_000, 4_161_396]),
  failureTimes: dist([2_000_000]),
});
const handler = func(7, '/main', 'Handler', { highwater: 1, success: 1, successTimes: dist([3_254_520]) });

describe('/funcs', () => {
  it('text: monkit’s lines, functions sorted by name, errors sorted', () => {
    const text = funcsText([leaf, handler]);
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['[7] /main.Handler', '  parents: entry', '  current: 0, highwater: 1, success: 1, errors: 0, panics: 0']);
    const leafAt = lines.indexOf('[9] /main.Leaf');
    expect(lines.slice(leafAt, leafAt + 7)).toEqual([
      '[9] /main.Leaf',
      '  parents: 7',
      '  current: 0, highwater: 1, success: 5, errors: 5, panics: 0',
      '  error EOF: 3',
      '  error MyError: 2',
      '  success times:',
      '    0.00: 1.080612ms',
    ]);
    expect(lines.slice(leafAt + 7, leafAt + 18)).toEqual([
      '    0.10: 1.088367ms', // 1.080612 + 0.4*(1.1-1.080612)
      '    0.25: 1.1ms',
      '    0.50: 1.2ms',
      '    0.75: 4.161396ms',
      '    0.90: 601.664558ms', // 4.161396 + 0.6*(1000-4.161396)
      '    0.95: 800.832279ms',
      '    1.00: 1s',
      '    avg: 201.508402ms',
      '    ravg: 201.508402ms',
      '    recent: 4.161396ms',
      '    sum: 1.007542008s',
    ]);
    expect(text.endsWith('    sum: 2ms\n\n')).toBe(true);
    expect(funcsText([handler, leaf])).toBe(text);
  });

  it('json: monkit’s fields in order, integer ns, null parent_ids for entry-only functions', () => {
    const lines = funcsJson([leaf, handler]).split('\n');
    expect(lines[0]).toBe('[');
    const h = JSON.parse(lines[1].slice(1, -1));
    expect(Object.keys(h)).toEqual([
      'id',
      'parent_ids',
      'package',
      'name',
      'current',
      'highwater',
      'success',
      'panics',
      'entry',
      'errors',
      'success_times',
      'failure_times',
    ]);
    expect(h.parent_ids).toBeNull();
    expect(h.entry).toBe(true);
    const l = JSON.parse(lines[2].slice(1, -1));
    expect(l.parent_ids).toEqual([7]);
    expect(Object.keys(l.errors)).toEqual(['EOF', 'MyError']);
    expect(Object.keys(l.success_times)).toEqual(['average', 'reservoir_average', 'full_average', 'max', 'min', 'recent', 'quantiles']);
    expect(l.success_times.quantiles['0.50']).toBe(1_200_000);
    expect(l.success_times.max).toBe(1_000_000_000);
  });

  it('dot: entry boxes, edges from callers, success block only with successes, failure block only with failures', () => {
    const dot = funcsDot([leaf, handler]);
    expect(dot.startsWith('digraph G {\n node [shape=box];\n f7 [label="&#47;main&#46;Handler\\lcurrent&#58; 0&#44; highwater&#58; 1')).toBe(true);
    expect(dot).toContain(' r7 [label="entry"];\n r7 -> f7;\n');
    expect(dot).toContain(' f7 -> f9;\n');
    const handlerLabel = dot.split('\n').find((l) => l.startsWith(' f7 '))!;
    expect(handlerLabel).toContain('success times');
    expect(handlerLabel).not.toContain('failure times');
    expect(handlerLabel).toContain('\\l        0&#46;00&#58; 3&#46;25452ms');
    expect(dot.endsWith('}\n')).toBe(true);
  });
});

describe('/stats', () => {
  const rows: PresentStat[] = [
    { measurement: 'function', tags: { scope: '/main', name: 'Leaf' }, field: 'current', value: 0 },
    { measurement: 'function', tags: { scope: '/main', name: 'Leaf', error_name: 'EOF' }, field: 'count', value: 3 },
    { measurement: 'function_times', tags: { scope: '/main', name: 'Leaf', kind: 'success' }, field: 'r99', value: 0.004038506 },
  ];

  it('text: measurement,sorted tags field=%f, rows in the given order', () => {
    expect(statsText(rows)).toBe(
      'function,name=Leaf,scope=/main current=0.000000\n' +
        'function,error_name=EOF,name=Leaf,scope=/main count=3.000000\n' +
        'function_times,kind=success,name=Leaf,scope=/main r99=0.004039\n',
    );
  });

  it('json: [measurement, {sorted tags}, field, value] per line', () => {
    const lines = statsJson(rows).split('\n');
    expect(lines[3]).toBe(' ["function_times",{"kind":"success","name":"Leaf","scope":"/main"},"r99",0.004038506]]');
    expect(statsJson([{ measurement: 'm', tags: {}, field: 'v', value: NaN }])).toBe('[\n ["m",{},"v",null]]\n');
  });

  it('escapes tag separators and prints non-finite values as Go does', () => {
    expect(statsText([{ measurement: 'm x', tags: { 'a,b': 'c=d' }, field: 'v', value: NaN }])).toBe('m\\ x,a\\,b=c\\=d v=NaN\n');
    expect(statsText([{ measurement: 'm', tags: {}, field: 'v', value: Infinity }])).toBe('m v=+Inf\n');
  });
});

describe('/ps', () => {
  it('text: a tree, one space per level, a blank line after each root, elapsed in Go form', () => {
    const s = new FakeSource();
    const root = s.start('vlite', 'HandleHTTP', undefined, ['GET /']);
    s.nowMillis += 5;
    const child = s.start('vlite', 'Proxy', root);
    s.nowMillis += 982;
    const other = s.start('vlite', 'Other');
    const text = psText(s.runningSpans(), s.nowMillis);
    expect(text).toBe(
      `[${root.id},${root.traceId}] vlite.HandleHTTP("GET /") (elapsed: 987ms)\n` +
        ` [${child.id},${root.traceId}] vlite.Proxy() (elapsed: 982ms)\n\n` +
        `[${other.id},${other.traceId}] vlite.Other() (elapsed: 0s)\n\n`,
    );
    const json = psJson(s.runningSpans(), s.nowMillis).split('\n');
    const first = JSON.parse(json[1].slice(1, -1));
    expect(Object.keys(first)).toEqual(['id', 'func', 'trace', 'start', 'elapsed', 'orphaned', 'args', 'annotations']);
    expect(first.elapsed).toBe(987_000_000);
    expect(first.args).toEqual(['GET /']);
    expect(JSON.parse(json[2].slice(1, -1)).parent_id).toBe(root.id);
  });
});

describe('/trace/svg', () => {
  it('monkit’s geometry and colours; children below their parent', () => {
    const s = new FakeSource();
    const root = s.start('a', 'Root');
    const c1 = s.start('a', 'Child', root);
    s.nowMillis += 10;
    const f1 = s.end(c1, { err: 'boom' });
    const c2 = s.start('a', 'Panicky', root);
    s.nowMillis += 10;
    const f2 = s.end(c2, { panicked: true, err: 'x' });
    const fr = s.end(root);
    const spans = [fr, f1, f2];
    expect(layoutRows(spans).map((p) => p.row)).toEqual([0, 1, 1]);
    const svg = traceSvg(spans);
    expect(svg).toMatch(/^<svg [^>]*width="1200" height="68"/); // 16*(2+1)+20
    expect(svg).toContain(`fill="${SPAN_COLORS.normal}"`);
    expect(svg).toContain(`fill="${SPAN_COLORS.error}"`);
    expect(svg).toContain(`fill="${SPAN_COLORS.panic}"`);
    expect(svg).toContain('height="15"');
  });
});
