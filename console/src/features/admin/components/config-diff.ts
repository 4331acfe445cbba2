/** One field of a configuration change: where it is (`rules[3].enabled`, `days[2031-01-01].name`) and its two values. */
export interface DiffLine {
  path: string;
  before: unknown;
  after: unknown;
  /** added: only after; removed: only before. */
  kind: 'changed' | 'same' | 'added' | 'removed';
}

const ABSENT = Symbol('absent');
type Value = unknown | typeof ABSENT;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Lists of records are matched by what identifies an element, so that a holiday added in March does not show every
// later day as changed; rules have no stable key (their ids change with every save) and are aligned by content.
const KEYS = ['day', 'code', 'level'] as const;
function keyOf(items: unknown[]): (typeof KEYS)[number] | null {
  return KEYS.find((key) => items.length > 0 && items.every((item) => isRecord(item) && (typeof item[key] === 'string' || typeof item[key] === 'number'))) ?? null;
}

function walk(path: string, before: Value, after: Value, lines: DiffLine[]): void {
  if (isRecord(before) && isRecord(after)) {
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
      walk(path ? `${path}.${key}` : key, key in before ? before[key] : ABSENT, key in after ? after[key] : ABSENT, lines);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && (before.some(isRecord) || after.some(isRecord))) {
    const key = keyOf([...before, ...after]);
    if (key) {
      const beforeByKey = new Map(before.map((item) => [String((item as Record<string, unknown>)[key]), item]));
      const afterByKey = new Map(after.map((item) => [String((item as Record<string, unknown>)[key]), item]));
      const keys = [...new Set([...beforeByKey.keys(), ...afterByKey.keys()])].sort();
      for (const id of keys) walk(`${path}[${id}]`, beforeByKey.has(id) ? beforeByKey.get(id) : ABSENT, afterByKey.has(id) ? afterByKey.get(id) : ABSENT, lines);
    } else {
      for (const [at, was, is] of alignByContent(before, after)) walk(`${path}[${at}]`, was, is, lines);
    }
    return;
  }
  // A whole record added or removed (a holiday, a rule at the end): one line per field, so it reads like the others.
  if (isRecord(before) && after === ABSENT) return walk(path, before, {}, lines);
  if (isRecord(after) && before === ABSENT) return walk(path, {}, after, lines);
  const kind = before === ABSENT ? 'added' : after === ABSENT ? 'removed' : JSON.stringify(before) === JSON.stringify(after) ? 'same' : 'changed';
  lines.push({ path, before: before === ABSENT ? null : before, after: after === ABSENT ? null : after, kind });
}

/**
 * Two lists without keys, aligned: elements equal in both are matched by their longest common subsequence, so a rule
 * moved or inserted marks that rule alone, not every rule after it; between two matches the others pair up in order
 * (changed), and what is left over was added or removed. Each pair is named by its position after the change (a
 * removed element by its position before).
 */
export function alignByContent(before: unknown[], after: unknown[]): Array<[number, Value, Value]> {
  const [a, b] = [before.map((item) => JSON.stringify(item)), after.map((item) => JSON.stringify(item))];
  // common[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) common[i][j] = a[i] === b[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const pairs: Array<[number, Value, Value]> = [];
  let [gapA, gapB]: [number[], number[]] = [[], []];
  const closeGap = () => {
    for (let k = 0; k < Math.max(gapA.length, gapB.length); k += 1) {
      const [i, j] = [gapA[k], gapB[k]];
      pairs.push([j !== undefined ? j + 1 : i + 1, i !== undefined ? before[i] : ABSENT, j !== undefined ? after[j] : ABSENT]);
    }
    [gapA, gapB] = [[], []];
  };
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      closeGap();
      pairs.push([j + 1, before[i], after[j]]);
      [i, j] = [i + 1, j + 1];
    } else if (j >= b.length || (i < a.length && common[i + 1][j] >= common[i][j + 1])) {
      gapA.push(i);
      i += 1;
    } else {
      gapB.push(j);
      j += 1;
    }
  }
  closeGap();
  return pairs;
}

/**
 * The fields of a change, old beside new. The history keeps only what changed at the top level, but a rule list or
 * a year's days is kept whole: those are walked down to the fields inside, so the lines that differ can be marked.
 * `before` null (created) gives added lines; `after` null (removed) gives removed ones.
 */
export function diffChange(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffLine[] {
  const lines: DiffLine[] = [];
  walk('', before ?? {}, after ?? {}, lines);
  return lines;
}
