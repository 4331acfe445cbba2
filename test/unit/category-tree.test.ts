import fc from 'fast-check';
import { isInSubtree, moveProblem, normalizeKeywords, rebasedPath } from '../../shared/src/reference/category-tree';
import { ZCreateCategoryRequest, ZUpdateCategoryRequest } from '../../shared/src/reference/category.schemas';

const node = (id: string, path: string, ticketType = 'complaint', active = true) => ({ id, path, ticketType, active });

describe('the category tree’s rules', () => {
  it('reads a subtree by whole codes, never by a shared prefix', () => {
    expect(isInSubtree('C/C-ENGINE', 'C/C-ENGINE')).toBe(true);
    expect(isInSubtree('C/C-ENGINE/C-ENGINE-NOISE', 'C/C-ENGINE')).toBe(true);
    expect(isInSubtree('C/C-ENGINE-2', 'C/C-ENGINE')).toBe(false);
    expect(isInSubtree('C', 'C/C-ENGINE')).toBe(false);
  });

  it('refuses a move under itself or below it, across ticket types, and of an active category under an inactive one', () => {
    const engine = node('e', 'C/C-ENGINE');
    expect(moveProblem(engine, engine)).toBe('CATEGORY_CYCLE');
    expect(moveProblem(engine, node('n', 'C/C-ENGINE/C-ENGINE-NOISE'))).toBe('CATEGORY_CYCLE');
    expect(moveProblem(engine, node('q', 'Q', 'enquiry'))).toBe('CATEGORY_TYPE_MISMATCH');
    expect(moveProblem(engine, node('b', 'C/C-BODY', 'complaint', false))).toBe('CATEGORY_PARENT_INACTIVE');
    expect(moveProblem({ ...engine, active: false }, node('b', 'C/C-BODY', 'complaint', false))).toBeNull();
    // A sibling whose code starts like ours is not below us.
    expect(moveProblem(engine, node('e2', 'C/C-ENGINE-2'))).toBeNull();
    expect(moveProblem(engine, null)).toBeNull();
  });

  it('rebases every path of a moved subtree onto the new root and keeps what is below', () => {
    const code = fc.stringMatching(/^[A-Z][A-Z0-9-]{0,6}$/);
    fc.assert(
      fc.property(fc.array(code, { minLength: 1, maxLength: 4 }), fc.array(code, { maxLength: 3 }), fc.array(code, { minLength: 1, maxLength: 4 }), (root, below, target) => {
        const oldRoot = root.join('/');
        const newRoot = [...target, root[root.length - 1]].join('/');
        const path = [...root, ...below].join('/');
        const rebased = rebasedPath(path, oldRoot, newRoot);
        expect(isInSubtree(rebased, newRoot)).toBe(true);
        expect(rebased.split('/').slice(newRoot.split('/').length)).toEqual(below);
      }),
    );
    expect(() => rebasedPath('C/C-BODY', 'C/C-ENGINE', 'X')).toThrow();
  });

  it('keeps keywords trimmed, without empties, once each whatever their case, in order', () => {
    expect(normalizeKeywords([' 异响 ', 'Noise', 'noise', '', '  ', 'brake   noise', '异响'])).toEqual(['异响', 'Noise', 'brake noise']);
  });

  it('limits keywords to 50 of at most 30 characters, after the duplicates are gone', () => {
    const fifty = Array.from({ length: 50 }, (_, index) => `w${index}`);
    const update = (keywords: string[]) => ZUpdateCategoryRequest.safeParse({ keywords });
    expect(update([...fifty, 'W0']).data?.keywords).toEqual(fifty);
    expect(update([...fifty, 'w50']).success).toBe(false);
    expect(update(['异'.repeat(30)]).success).toBe(true);
    expect(update(['异'.repeat(31)]).success).toBe(false);
  });

  it('asks a root for its ticket type and upper-cases codes without wildcards', () => {
    const base = { nameZh: '新', nameEn: 'New' };
    expect(ZCreateCategoryRequest.safeParse({ ...base, code: 'c-new', parentId: null }).success).toBe(false);
    expect(ZCreateCategoryRequest.safeParse({ ...base, code: 'c-new', parentId: null, ticketType: 'complaint' }).data?.code).toBe('C-NEW');
    for (const code of ['C_NEW', 'C%', 'C/NEW', '-C', 'C']) expect(ZCreateCategoryRequest.safeParse({ ...base, code, parentId: null, ticketType: 'complaint' }).success).toBe(false);
  });
});
