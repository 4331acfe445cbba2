import type { RoutingDecision } from '../../shared/src/routing/route-ticket';
import { resolveDecision } from '../../shared/src/server/routing/decide-routing';

/** What a decision does to the ticket's copies: the one rule preview, save and dry run share. */
const decision = (overrides: Partial<RoutingDecision>): RoutingDecision => ({
  ruleSetVersion: 1,
  target: { kind: 'dealer', dealerId: 'dealer-1' },
  matchedRuleId: 'rule-1',
  priority: 'P3',
  ccDepartmentIds: [],
  slaPolicyCode: null,
  flags: [],
  signals: [],
  trace: [],
  ...overrides,
});

describe('resolveDecision', () => {
  it('joins the copies the ticket already has (its category’s) with the decision’s, once each, in a stable order', () => {
    const resolved = resolveDecision(['dept-technical', 'dept-quality'], decision({ ccDepartmentIds: ['dept-quality', 'dept-pr'] }));
    expect(resolved.ccDepartmentIds).toEqual(['dept-pr', 'dept-quality', 'dept-technical']);
    expect(resolved.target).toEqual({ kind: 'dealer', dealerId: 'dealer-1' });
  });

  it('does not copy the department made responsible, even when the category copies it', () => {
    const resolved = resolveDecision(['dept-technical'], decision({ target: { kind: 'department', departmentId: 'dept-technical' }, ccDepartmentIds: ['dept-quality'] }));
    expect(resolved.ccDepartmentIds).toEqual(['dept-quality']);
  });

  it('keeps everything else of the decision as the engine made it', () => {
    const engine = decision({ priority: 'P1', flags: ['safety'], ccDepartmentIds: ['dept-quality'] });
    expect(resolveDecision([], engine)).toEqual(engine);
  });
});
