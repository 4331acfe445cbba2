import { AppError, ZDryRunRequest, ZReplaceDraftRulesRequest } from '@careline/shared';
import { dryRunDraft, ensureDraft, getRuleSet, listRuleSets, partyNames, publishDraft, replaceDraftRules, validateRules } from '@careline/shared/server';
import { Router } from 'express';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth/auth.middleware';
import type { AppContext } from '../context';
import { parse, type ValidationIssue } from '../http/validate';

/** Like parse(), but each problem inside a rule says which rule by name, as an admin would look for it. */
function parseNamingRules(body: unknown) {
  try {
    return parse(ZReplaceDraftRulesRequest, body);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    const rules = (body as { rules?: Array<{ name?: unknown; nameZh?: unknown }> } | undefined)?.rules;
    const issues = (error.details?.issues as ValidationIssue[]).map((issue) => {
      const index = /^rules\.(\d+)/.exec(issue.path)?.[1];
      const name = index !== undefined ? (rules?.[Number(index)]?.name ?? rules?.[Number(index)]?.nameZh) : undefined;
      if (index === undefined) return issue;
      const quoted = typeof name === 'string' ? ` “${name}”` : '';
      return {
        ...issue,
        message: `rule ${Number(index) + 1}${quoted}: ${issue.message}`,
        ...(issue.messageZh ? { messageZh: `第 ${Number(index) + 1} 条规则${quoted}：${issue.messageZh}` } : {}),
      };
    });
    throw new AppError('VALIDATION_FAILED', { issues });
  }
}

const ZRuleSetParams = z.strictObject({ version: z.coerce.number().int().positive() });

/** Admins edit the draft rule set, validate, dry-run and publish it; supervisors may read. */
export function ruleSetRoutes(context: AppContext): Router {
  const router = Router();
  const readers = requireActor(context, ['admin', 'supervisor']);
  const admin = requireActor(context, ['admin']);

  router.get('/routing/rule-sets', readers, async (_request, response) => {
    response.json({ items: await listRuleSets(context.db) });
  });

  router.get('/routing/rule-sets/draft', readers, async (_request, response) => {
    const draft = await getRuleSet(context.db, 'draft');
    if (!draft) throw new AppError('NOT_FOUND', { ruleSet: 'draft' });
    response.json({ ruleSet: draft });
  });

  router.get('/routing/rule-sets/:version', readers, async (request, response) => {
    const { version } = parse(ZRuleSetParams, request.params);
    const ruleSet = await getRuleSet(context.db, version);
    if (!ruleSet) throw new AppError('NOT_FOUND');
    response.json({ ruleSet });
  });

  router.post('/routing/rule-sets/draft', admin, async (request, response) => {
    const draft = await ensureDraft(context.db, actorOf(request));
    response.status(201).json({ ruleSet: await getRuleSet(context.db, draft.version) });
  });

  router.put('/routing/rule-sets/draft/rules', admin, async (request, response) => {
    const { rules } = parseNamingRules(request.body);
    response.json({ ruleSet: await replaceDraftRules(context.db, actorOf(request), rules) });
  });

  router.post('/routing/rule-sets/draft/validate', admin, async (_request, response) => {
    const draft = await getRuleSet(context.db, 'draft');
    if (!draft) throw new AppError('NOT_FOUND', { ruleSet: 'draft' });
    const problems = await validateRules(context.db, draft.rules);
    response.json({ valid: problems.length === 0, problems });
  });

  router.post('/routing/rule-sets/draft/dry-run', admin, async (request, response) => {
    const options = parse(ZDryRunRequest, request.body ?? {});
    const report = await dryRunDraft(context.db, options);
    const names = await partyNames(context.db, report.loadChanges.map((entry) => entry.party));
    response.json({ ...report, names });
  });

  router.post('/routing/rule-sets/draft/publish', admin, async (request, response) => {
    response.json({ ruleSet: await publishDraft(context.db, actorOf(request)) });
  });

  return router;
}
