/**
 * monkit writes a backslash in a DOT label as `&#92;`; Graphviz decodes the
 * entity before reading escapes, so a name containing `\n` broke the box's
 * line. We write `\\` (a literal backslash for Graphviz).
 */
import { escapeDotLabel } from '../../src/present/format/dot';

it('a backslash in a function name is escaped for Graphviz, not as an entity', () => {
  expect(escapeDotLabel('a\\nb')).toBe('a\\\\nb');
  expect(escapeDotLabel('a\\nb')).not.toContain('&#92;');
});
