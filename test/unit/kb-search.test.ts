import { visibleEvents } from '@careline/shared';
import { markdownToPlainText, queryTerms, readableAudiences, requiredMatches, snippetAround, MAX_QUERY_TERMS } from '../../shared/src/kb/kb-search-rules';
import { renderArticleMarkdown } from '../../shared/src/server/kb/kb-markdown';

describe('how many of a query’s terms an article must contain', () => {
  it('all of one or two terms, then 60 % rounded up', () => {
    expect([0, 1, 2, 3, 4, 5, 10, 20].map(requiredMatches)).toEqual([0, 1, 2, 2, 3, 3, 6, 12]);
  });

  it('never asks for more terms than the query has, nor fewer than half', () => {
    for (let count = 1; count <= 60; count++) {
      expect(requiredMatches(count)).toBeLessThanOrEqual(count);
      expect(requiredMatches(count)).toBeGreaterThan(count / 2);
    }
  });

  it('searches for at most MAX_QUERY_TERMS distinct terms', () => {
    const long = '客户反映车辆在高速公路上行驶时仪表盘突然黑屏随后方向盘变重刹车也变软非常危险要求厂家给出解释并赔偿损失同时希望尽快安排检修车辆';
    expect(queryTerms(long)).toHaveLength(MAX_QUERY_TERMS);
    expect(queryTerms('  ')).toEqual([]);
    expect(queryTerms(undefined)).toEqual([]);
    expect(queryTerms('发动机异响')).toEqual(['发动', '动机', '机异', '异响']);
  });
});

describe('who reads which articles', () => {
  it('the hotline and editors every audience; dealers and departments those for everyone', () => {
    for (const role of ['agent', 'supervisor', 'qa', 'admin', 'editor'] as const) expect(readableAudiences(role)).toEqual(['agents', 'everyone']);
    for (const role of ['dealer_user', 'dealer_manager', 'dept_user'] as const) expect(readableAudiences(role)).toEqual(['everyone']);
  });

  it('keeps a link to an agents-only article out of a dealer’s timeline, not a link to one for everyone', () => {
    const dealerId = 'd1';
    const events = [
      { sequence: 1, type: 'created', actorRole: 'agent', payload: {} },
      { sequence: 2, type: 'dispatched', actorRole: 'agent', payload: { dealerId } },
      { sequence: 3, type: 'kb_article_linked', actorRole: 'agent', payload: { articleId: 'a1', audience: 'agents' } },
      { sequence: 4, type: 'kb_article_linked', actorRole: 'dealer_user', payload: { articleId: 'a2', audience: 'everyone' } },
    ];
    const forDealer = visibleEvents({ kind: 'user', role: 'dealer_user', dealerId, departmentId: null }, events);
    expect(forDealer.map((event) => event.sequence)).toEqual([1, 2, 4]);
    const forAgent = visibleEvents({ kind: 'user', role: 'agent', dealerId: null, departmentId: null }, events);
    expect(forAgent.map((event) => event.sequence)).toEqual([1, 2, 3, 4]);
  });
});

describe('the snippet', () => {
  it('is Markdown as plain text: no link targets, marks, heading or list markers', () => {
    expect(markdownToPlainText('## 处理\n\n1. **先** 用 [机械钥匙](https://x.example/a) 开门；\n- `代码` ~~删~~\n\n| a | b |\n| --- | --- |\n| 1 | 2 |')).toBe('处理 先 用 机械钥匙 开门； 代码 删 a b 1 2');
  });

  it('shows ~120 characters around the part of the text holding the most query terms', () => {
    const filler = '这是一段与问题无关的说明文字，'.repeat(12);
    const text = `${filler}冷车启动时发动机舱有明显异响，热车后消失。${filler}`;
    const snippet = snippetAround(text, queryTerms('发动机异响'));
    expect(snippet).toContain('发动机舱有明显异响');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(122);
  });

  it('is the text’s beginning when nothing matches, and the whole text when it is short', () => {
    const text = 'x'.repeat(300);
    expect(snippetAround(text, ['abc'])).toBe(`${'x'.repeat(120)}…`);
    expect(snippetAround('短文本', ['abc'])).toBe('短文本');
  });
});

describe('Markdown rendering', () => {
  it('shows raw HTML as text and refuses script links', () => {
    const html = renderArticleMarkdown('<script>alert(1)</script> <a href="x" onclick="y">a</a>\n\n[a](javascript:alert(1)) [b](vbscript:x) [c](https://example.com)');
    expect(html).not.toMatch(/<script|<a href="x"|onclick="|href="javascript|href="vbscript/);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer">c</a>');
  });
});
