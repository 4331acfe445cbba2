import { alignByContent, diffChange } from '../../console/src/features/admin/components/config-diff';

/** The configuration history's diff: a rule list (no stable key) is aligned by content, not by position. */
const rule = (name: string, enabled = true) => ({ name, enabled, action: { kind: 'fixed_dealer' } });
const changedPaths = (before: unknown[], after: unknown[]) =>
  diffChange({ rules: before }, { rules: after })
    .filter((line) => line.kind !== 'same')
    .map((line) => `${line.kind} ${line.path}`);

describe('config diff of a rule list', () => {
  it('marks only a rule moved to another place, not every rule after it', () => {
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((name) => rule(name));
    // A moved from first to third: removed where it was, added where it is; B, C and D unchanged.
    expect(changedPaths([a, b, c, d], [b, c, a, d])).toEqual([
      'removed rules[1].name', 'removed rules[1].enabled', 'removed rules[1].action.kind',
      'added rules[3].name', 'added rules[3].enabled', 'added rules[3].action.kind',
    ]);
  });

  it('marks one inserted rule as added and one edited rule as changed in its field only', () => {
    const [a, b, c] = ['A', 'B', 'C'].map((name) => rule(name));
    expect(changedPaths([a, b, c], [a, rule('X'), b, c])).toEqual(['added rules[2].name', 'added rules[2].enabled', 'added rules[2].action.kind']);
    expect(changedPaths([a, b, c], [a, rule('B', false), c])).toEqual(['changed rules[2].enabled']);
  });

  it('pairs what is left between two matches in order, and names a removed rule by where it was', () => {
    const [a, b, c] = ['A', 'B', 'C'].map((name) => rule(name));
    expect(alignByContent([a, b, c], [a, c]).map(([at, was, is]) => [at, (was as { name?: string })?.name ?? null, (is as { name?: string })?.name ?? null])).toEqual([
      [1, 'A', 'A'],
      [2, 'B', null],
      [2, 'C', 'C'],
    ]);
    // Lines are unique by path among removed ones and among the others (the console's row keys).
    const lines = diffChange({ rules: [rule('A'), rule('B'), rule('C')] }, { rules: [rule('C'), rule('X')] });
    const keys = lines.map((line) => `${line.kind === 'removed' ? 'was ' : ''}${line.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(alignByContent([], [a]).length).toBe(1);
    expect(alignByContent([a, b], [])).toHaveLength(2);
  });
});
