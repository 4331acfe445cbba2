import { DEFAULT_ESCALATION_CHAINS, type EscalationLevel, isUrgentTicket, nextEscalationLevel, renderDigestMail, renderTicketMail, validateEscalationChain, ZEscalationChain } from '@careline/shared';

const level = (overrides: Partial<EscalationLevel>): EscalationLevel => ({ level: 1, afterMinutes: 0, recipients: ['owner'], channels: ['mail'], ...overrides });

describe('escalation chains', () => {
  it('accept the shipped defaults', () => {
    for (const chain of Object.values(DEFAULT_ESCALATION_CHAINS)) expect(validateEscalationChain(chain)).toEqual([]);
  });

  it('name the level of each problem', () => {
    expect(validateEscalationChain([level({ level: 1 }), level({ level: 3, afterMinutes: 10 })])).toEqual(['level 2: levels must be numbered 1, 2, 3… in order (found 3)']);
    expect(validateEscalationChain([level({ afterMinutes: 30 }), level({ level: 2, afterMinutes: 30 })])).toEqual(['level 2: must come later than level 1']);
    expect(validateEscalationChain([level({ recipients: [], channels: [] })])).toEqual(['level 1: names no recipient', 'level 1: names no channel']);
  });

  it('reject unknown recipients and channels at the door', () => {
    expect(ZEscalationChain.safeParse([{ level: 1, afterMinutes: 0, recipients: ['ceo'], channels: ['mail'] }]).success).toBe(false);
    expect(ZEscalationChain.safeParse([{ level: 1, afterMinutes: 0, recipients: ['owner'], channels: ['sms'] }]).success).toBe(false);
    expect(ZEscalationChain.safeParse(DEFAULT_ESCALATION_CHAINS.urgent).success).toBe(true);
  });

  it('walk the levels in order and end', () => {
    const chain = DEFAULT_ESCALATION_CHAINS.standard;
    expect(nextEscalationLevel(chain, 0)?.level).toBe(1);
    expect(nextEscalationLevel(chain, 2)?.level).toBe(3);
    expect(nextEscalationLevel(chain, 3)).toBeNull();
    expect(nextEscalationLevel([], 0)).toBeNull();
  });

  it('treat P1 and roadside as urgent, nothing else', () => {
    expect(isUrgentTicket({ type: 'complaint', priority: 'P1' })).toBe(true);
    expect(isUrgentTicket({ type: 'roadside', priority: 'P3' })).toBe(true);
    expect(isUrgentTicket({ type: 'complaint', priority: 'P2' })).toBe(false);
  });
});

describe('escalation, resolution and digest mail', () => {
  const data = { number: 'TS20261123-00042', type: 'complaint', priority: 'P2', subject: '刹车异响', partyName: '华北区域经理', acknowledgeDueAt: null, link: 'https://careline.example.cn/tickets/x', clock: 'resolve', dueAt: new Date('2026-11-23T10:00:00Z'), level: 2, ownerName: '北京XX汽车销售服务有限公司' };

  it('say which level, which clock, who is responsible, in both languages, with the link', () => {
    const zh = renderTicketMail('escalated', 'zh-CN', data);
    expect(zh.subject).toBe('【careline】超时升级（第 2 级）TS20261123-00042（P2）：处理完毕已超时');
    expect(zh.text).toContain('2026/11/23 18:00');
    expect(zh.text).toContain('责任单位：北京XX汽车销售服务有限公司');
    expect(zh.text).toContain(data.link);
    const en = renderTicketMail('escalated', 'en', data);
    expect(en.subject).toBe('[careline] Escalation level 2: TS20261123-00042 (P2) — resolve overdue');
    expect(en.text).toContain(data.link);
  });

  it('tell the resolution and what was done', () => {
    const zh = renderTicketMail('resolved', 'zh-CN', { ...data, resolution: '更换刹车片' });
    expect(zh.subject).toContain('工单已处理完毕 TS20261123-00042');
    expect(zh.text).toContain('处理结果：更换刹车片');
  });

  it('bundle items with their links', () => {
    const digest = renderDigestMail('en', [
      { subject: 'a', createdAt: new Date('2026-11-23T01:00:00Z'), link: 'https://x/1' },
      { subject: 'b', createdAt: new Date('2026-11-23T02:00:00Z'), link: null },
    ]);
    expect(digest.subject).toBe('[careline] Digest: 2 notifications');
    expect(digest.text.split('\n')).toEqual(expect.arrayContaining(['- 2026/11/23 09:00  a', '  https://x/1', '- 2026/11/23 10:00  b']));
  });
});
