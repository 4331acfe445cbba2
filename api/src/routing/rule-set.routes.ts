import {
  AppError,
  dryRunDraftRuleSetContract,
  getDraftRuleSetContract,
  getRuleSetContract,
  listRuleSetsContract,
  openDraftRuleSetContract,
  publishDraftRuleSetContract,
  replaceDraftRulesContract,
  validateDraftRuleSetContract,
} from '@careline/shared';
import { dryRunDraft, ensureDraft, getRuleSet, listRuleSets, partyNames, publishDraft, replaceDraftRules, validateRules } from '@careline/shared/server';
import type { AppContext } from '../context';
import { implement, type Implementation } from '../http/mount-contracts';
import type { ValidationIssue } from '../http/validate';

/** Each problem inside a rule says which rule, by number and name, as an admin would look for it. */
function nameRules(issues: ValidationIssue[], body: unknown): ValidationIssue[] {
  const rules = (body as { rules?: Array<{ name?: unknown; nameZh?: unknown }> } | undefined)?.rules;
  return issues.map((issue) => {
    const index = /^rules\.(\d+)/.exec(issue.path)?.[1];
    if (index === undefined) return issue;
    const rule = Array.isArray(rules) ? rules[Number(index)] : undefined;
    const name = rule?.name ?? rule?.nameZh;
    const quoted = typeof name === 'string' ? ` “${name}”` : '';
    return {
      ...issue,
      message: `rule ${Number(index) + 1}${quoted}: ${issue.message}`,
      ...(issue.messageZh ? { messageZh: `第 ${Number(index) + 1} 条规则${quoted}：${issue.messageZh}` } : {}),
    };
  });
}

/** The rule set, or NOT_FOUND (naming the draft when it is the draft that is missing). */
function found<T>(ruleSet: T | null, which?: 'draft'): T {
  if (!ruleSet) throw new AppError('NOT_FOUND', which ? { ruleSet: which } : undefined);
  return ruleSet;
}

/** Admins edit the draft rule set, validate, dry-run and publish it; supervisors may read. */
export function ruleSetRoutes(context: AppContext): Implementation[] {
  const { db } = context;
  return [
    implement(listRuleSetsContract, async () => ({ items: await listRuleSets(db) })),

    implement(getDraftRuleSetContract, async () => ({ ruleSet: found(await getRuleSet(db, 'draft'), 'draft') })),

    implement(getRuleSetContract, async ({ params }) => ({ ruleSet: found(await getRuleSet(db, params.version)) })),

    implement(openDraftRuleSetContract, async ({ actor }) => {
      const draft = await ensureDraft(db, actor);
      return { ruleSet: found(await getRuleSet(db, draft.version)) };
    }),

    implement(replaceDraftRulesContract, async ({ actor, body }) => ({ ruleSet: await replaceDraftRules(db, actor, body.rules) }), { explainBodyIssues: nameRules }),

    implement(validateDraftRuleSetContract, async () => {
      const draft = found(await getRuleSet(db, 'draft'), 'draft');
      const problems = await validateRules(db, draft.rules);
      return { valid: problems.length === 0, problems };
    }),

    implement(dryRunDraftRuleSetContract, async ({ body }) => {
      const report = await dryRunDraft(db, body);
      const names = await partyNames(db, report.loadChanges.map((entry) => entry.party));
      return { ...report, names };
    }),

    implement(publishDraftRuleSetContract, async ({ actor }) => ({ ruleSet: found(await publishDraft(db, actor)) })),
  ];
}
