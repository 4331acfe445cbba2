import type { RoutingAction, RoutingCondition } from '@careline/shared';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import {
  dryRunDraftRuleSetContract,
  getDraftRuleSetContract,
  getRuleSetContract,
  listRuleSetsContract,
  openDraftRuleSetContract,
  publishDraftRuleSetContract,
  replaceDraftRulesContract,
  validateDraftRuleSetContract,
} from '@shared/contracts/routing.contracts';
import { listSlaPoliciesContract } from '@shared/contracts/sla.contracts';
import { localizedName } from '@shared/i18n/localized-names';
import { PRIORITIES } from '@shared/tickets/ticket-vocabulary';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, InputNumber, List, Modal, Popconfirm, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime, nameOf } from '../../../lib/format';
import { useDepartments } from '../../tickets/hooks/useReference';
import { useCanEdit } from '../AdminLayout';
import { useAllDealers, useContractMutation, useContractQuery } from '../components/admin-api';
import { ActionEditor, ConditionsEditor, isAction, isConditionList, JsonField, ruleIncomplete, type RuleProblem, useRuleSummary } from '../components/RuleEditor';

/** A rule as the page edits it: as the draft's PUT takes it. */
type Rule = ContractBody<typeof replaceDraftRulesContract>['rules'][number];
/** A rule as the API answers it (with its id and position). */
type StoredRule = ContractResponse<typeof getDraftRuleSetContract>['ruleSet']['rules'][number];
type Problem = ContractResponse<typeof validateDraftRuleSetContract>['problems'][number];
type DryRun = ContractResponse<typeof dryRunDraftRuleSetContract>;
type Target = DryRun['results'][number]['before'];

/** Only the fields the PUT accepts (the stored rows also carry id and position). */
const inputOf = (rule: Rule | StoredRule): Rule => ({
  nameZh: rule.nameZh,
  nameEn: rule.nameEn,
  enabled: rule.enabled,
  conditions: rule.conditions,
  action: rule.action,
  ccDepartmentIds: rule.ccDepartmentIds ?? [],
  ...(rule.priority ? { priority: rule.priority } : {}),
  ...(rule.slaPolicyCode ? { slaPolicyCode: rule.slaPolicyCode } : {}),
});

function RuleModal({ rule, problems, onSave, onClose }: { rule: Rule | null; problems: RuleProblem[]; onSave: (rule: Rule) => void; onClose: () => void }) {
  const { t, locale } = useLocale();
  const departments = useDepartments();
  const slaPolicies = useContractQuery(['sla-policies'], listSlaPoliciesContract, {});
  const [form] = Form.useForm();
  const [json, setJson] = useState(false);
  const [jsonValid, setJsonValid] = useState({ conditions: true, action: true });
  // The modal's content mounts when it opens (destroyOnHidden): initial values, not setFieldsValue in an effect.
  const initialValues = rule ? { ...rule, priorityMode: rule.priority?.mode, priorityValue: rule.priority?.value } : undefined;
  const submit = async () => {
    if (json && (!jsonValid.conditions || !jsonValid.action)) return;
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    onSave({
      nameZh: values.nameZh.trim(),
      nameEn: values.nameEn.trim(),
      enabled: values.enabled,
      conditions: values.conditions,
      action: values.action,
      ccDepartmentIds: values.ccDepartmentIds ?? [],
      ...(values.priorityMode && values.priorityValue ? { priority: { mode: values.priorityMode, value: values.priorityValue } } : {}),
      ...(values.slaPolicyCode ? { slaPolicyCode: values.slaPolicyCode } : {}),
    });
  };
  const conditionsComplete = {
    validator: async (_rule: unknown, value: RoutingCondition[]) => {
      if (!isConditionList(value)) throw new Error(t('admin.routing.invalidJson'));
      if (value.some((condition) => Array.isArray(condition.value) && condition.value.length === 0)) throw new Error(t('admin.routing.emptyValue'));
    },
  };
  const actionComplete = {
    validator: async (_rule: unknown, value: RoutingAction) => {
      if (!isAction(value)) throw new Error(t('admin.routing.invalidJson'));
      if (ruleIncomplete([], value)) throw new Error(t('admin.routing.chooseTarget'));
    },
  };
  // Problems the structured editors cannot place on a row or a parameter (the name, copies, priority…).
  const otherProblems = problems.filter((problem) => !/^(conditions\.\d+|action)(\.|$)/.test(problem.path));
  return (
    <Modal open={rule !== null} title={t('admin.routing.editRule')} width={880} onOk={submit} onCancel={onClose} okText={t('common.confirm')} cancelText={t('common.cancel')} destroyOnHidden afterOpenChange={(open) => open || (setJson(false), setJsonValid({ conditions: true, action: true }))} okButtonProps={{ 'data-testid': 'rule-ok' } as Record<string, string>}>
      <Form form={form} layout="vertical" initialValues={initialValues}>
        {otherProblems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={otherProblems.map((problem) => `${problem.path} ${problem.message}`).join('; ')} />}
        <Space wrap align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space wrap align="start">
            <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 200 }]}>
              <Input autoFocus style={{ width: 300 }} data-testid="rule-name-zh" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 200 }]}>
              <Input style={{ width: 300 }} data-testid="rule-name-en" />
            </Form.Item>
            <Form.Item name="enabled" label={t('admin.routing.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item label={t('admin.routing.json')} tooltip={t('admin.routing.jsonHint')}>
            <Switch
              size="small"
              checked={json}
              // Back to the form only with valid JSON: the form shows what the text says.
              disabled={json && (!jsonValid.conditions || !jsonValid.action)}
              onChange={(checked) => {
                setJson(checked);
                setJsonValid({ conditions: true, action: true });
              }}
              data-testid="rule-json-toggle"
            />
          </Form.Item>
        </Space>
        <Form.Item name="conditions" label={t('admin.routing.conditions')} extra={json ? t('admin.routing.conditionsHint') : t('admin.routing.conditionsAll')} rules={[conditionsComplete]}>
          {json ? (
            <JsonField<RoutingCondition[]> rows={8} testId="rule-conditions" accept={isConditionList} invalidMessage={t('admin.routing.invalidJson')} onValidity={(valid) => setJsonValid((state) => ({ ...state, conditions: valid }))} />
          ) : (
            <ConditionsEditor problems={problems} />
          )}
        </Form.Item>
        <Form.Item name="action" label={t('admin.routing.action')} extra={json ? t('admin.routing.actionHint') : undefined} rules={[actionComplete]}>
          {json ? (
            <JsonField<RoutingAction> rows={4} testId="rule-action" accept={isAction} invalidMessage={t('admin.routing.invalidJson')} onValidity={(valid) => setJsonValid((state) => ({ ...state, action: valid }))} />
          ) : (
            <ActionEditor problems={problems} />
          )}
        </Form.Item>
        <Form.Item name="ccDepartmentIds" label={t('admin.routing.cc')}>
          <Select mode="multiple" allowClear options={(departments.data ?? []).map((department) => ({ value: department.id, label: nameOf(department, locale) }))} />
        </Form.Item>
        <Space>
          <Form.Item name="priorityMode" label={t('admin.routing.priority')}>
            <Select
              allowClear
              style={{ width: 140 }}
              options={[
                { value: 'set', label: t('admin.routing.prioritySet') },
                { value: 'raise', label: t('admin.routing.priorityRaise') },
              ]}
            />
          </Form.Item>
          <Form.Item name="priorityValue" label=" ">
            <Select allowClear style={{ width: 100 }} options={PRIORITIES.map((value) => ({ value, label: value }))} />
          </Form.Item>
        </Space>
        <Form.Item name="slaPolicyCode" label={t('admin.routing.slaPolicy')} extra={t('admin.routing.slaPolicyHint')}>
          <Select
            allowClear
            style={{ width: 360 }}
            data-testid="rule-sla-policy"
            // Only active policies can be chosen; the server refuses an inactive one, naming the rule.
            options={(slaPolicies.data?.items ?? []).filter((policy) => policy.active).map((policy) => ({ value: policy.code, label: `${policy.code} ${localizedName(policy, locale)}` }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function DryRunReport({ report }: { report: DryRun }) {
  const { t, locale } = useLocale();
  const dealers = useAllDealers();
  const departments = useDepartments();
  // The report names only the parties whose load changed; the others are looked up in the reference lists.
  const name = (key: string) => {
    if (report.names[key]) return `${report.names[key].code} ${report.names[key].nameZh}`;
    if (key === 'none') return t('admin.routing.unassigned');
    if (key.startsWith('supervisor')) return t('admin.routing.supervisorQueue');
    const [kind, id] = key.split(':');
    const found = kind === 'dealer' ? dealers.data?.items.find((dealer) => dealer.id === id) : departments.data?.find((department) => department.id === id);
    return found ? `${found.code} ${nameOf(found, locale)}` : key;
  };
  const targetKey = (target: Target) => ('dealerId' in target && target.dealerId ? `dealer:${target.dealerId}` : 'departmentId' in target && target.departmentId ? `department:${target.departmentId}` : target.kind);
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="dry-run-report">
      <Space size={32}>
        <Statistic title={t('admin.routing.replayed')} value={report.tickets} />
        <Statistic title={t('admin.routing.live')} value={report.live} />
        <Statistic title={t('admin.routing.changed')} value={report.changed} valueStyle={{ color: report.changed ? '#d46b08' : undefined }} />
        {(['held', 'cancelled', 'closed'] as const).map((group) => (
          <Statistic key={group} title={t(`admin.routing.apart.${group}`)} value={report.apart[group].tickets} data-testid={`dry-run-apart-${group}`} />
        ))}
      </Space>
      <Table
        rowKey="party"
        size="small"
        title={() => t('admin.routing.loadChanges')}
        dataSource={report.loadChanges}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.routing.party'), dataIndex: 'party', render: name },
          { title: t('admin.routing.before'), dataIndex: 'before', width: 90 },
          { title: t('admin.routing.after'), dataIndex: 'after', width: 90 },
          { title: 'Δ', dataIndex: 'delta', width: 80, render: (delta: number) => <Tag color={delta > 0 ? 'orange' : 'blue'}>{delta > 0 ? `+${delta}` : delta}</Tag> },
        ]}
      />
      <Table
        rowKey="ticketId"
        size="small"
        title={() => t('admin.routing.ticketChanges')}
        dataSource={report.results.filter((row) => row.changed && row.group === 'live')}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.sla.ticket'), dataIndex: 'number', width: 170 },
          { title: t('admin.routing.before'), render: (_value, row) => name(targetKey(row.published)) },
          { title: t('admin.routing.after'), render: (_value, row) => name(targetKey(row.after)) },
          {
            title: t('admin.routing.differences'),
            render: (_value, row) => row.differences.map((difference) => <Tag key={difference}>{t(`admin.routing.difference.${difference}`)}</Tag>),
          },
        ]}
      />
    </Space>
  );
}

/**
 * The routing rules: the published set read-only, the draft editable (add, edit, reorder, enable/disable, remove;
 * saved as one PUT), validated with the problems per rule, dry-run over recent days, then published.
 */
export function RoutingRulesPage() {
  const { t, locale } = useLocale();
  const canEdit = useCanEdit();
  const queryClient = useQueryClient();
  const describe = useRuleSummary();
  const sets = useContractQuery(['rule-sets'], listRuleSetsContract, {});
  const draft = useContractQuery(['rule-sets', 'draft'], getDraftRuleSetContract, {}, { retry: false });
  const published = sets.data?.items.find((set) => set.status === 'published');
  const publishedRules = useContractQuery(['rule-sets', published?.version], getRuleSetContract, draft.data || !published ? null : { params: { version: published.version } });
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const [editing, setEditing] = useState<{ index: number; rule: Rule } | null>(null);
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [days, setDays] = useState(7);
  const [report, setReport] = useState<DryRun | null>(null);

  useEffect(() => {
    if (draft.data && !dirty) setRules(draft.data.ruleSet.rules.map(inputOf));
  }, [draft.data, dirty]);

  const openDraft = useContractMutation(openDraftRuleSetContract, () => ({}), { success: false });
  const saveRules = useContractMutation(replaceDraftRulesContract, (body: ContractBody<typeof replaceDraftRulesContract>) => ({ body }));
  const validate = useContractMutation(validateDraftRuleSetContract, () => ({}), { success: false });
  const dryRun = useContractMutation(dryRunDraftRuleSetContract, (body: ContractBody<typeof dryRunDraftRuleSetContract>) => ({ body }), { success: false });
  const publish = useContractMutation(publishDraftRuleSetContract, () => ({}), { success: t('admin.routing.published') });

  const problemsByRule = useMemo(() => {
    const map = new Map<number, Problem[]>();
    for (const problem of problems ?? []) map.set(problem.rule, [...(map.get(problem.rule) ?? []), problem]);
    return map;
  }, [problems]);

  const change = (next: Rule[]) => {
    setRules(next);
    setDirty(true);
    setProblems(null);
    setReport(null);
  };
  const move = (index: number, by: number) => {
    if (!rules) return;
    const next = [...rules];
    const [rule] = next.splice(index, 1);
    next.splice(index + by, 0, rule);
    change(next);
  };
  const save = () =>
    rules &&
    saveRules.mutate(
      { rules },
      {
        onSuccess: () => setDirty(false),
        onError: (error) => {
          if (isApiError(error, 'VALIDATION_FAILED')) {
            const issues = (error.details?.issues ?? []) as Array<{ path: string; message: string }>;
            setProblems(issues.map((issue) => ({ rule: Number(/^rules\.(\d+)/.exec(issue.path)?.[1] ?? -1), ruleName: '', path: issue.path, message: issue.message })));
          }
        },
      },
    );

  const noDraft = isApiError(draft.error, 'NOT_FOUND');
  const shownRules: Rule[] = draft.data ? (rules ?? []) : (publishedRules.data?.ruleSet.rules.map(inputOf) ?? []);
  const editable = canEdit && Boolean(draft.data);

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="admin-routing">
      <Space wrap>
        {draft.data ? (
          <Tag color="gold" data-testid="draft-version">
            {t('admin.routing.draftVersion', { n: draft.data.ruleSet.version })}
          </Tag>
        ) : (
          published && <Tag color="green">{t('admin.routing.publishedVersion', { n: published.version, at: formatDateTime(published.publishedAt) })}</Tag>
        )}
        {noDraft && canEdit && (
          <Button type="primary" loading={openDraft.isPending} onClick={() => openDraft.mutate(undefined, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'rule-sets'] }) })} data-testid="open-draft">
            {t('admin.routing.openDraft')}
          </Button>
        )}
        {editable && (
          <>
            <Button onClick={() => setEditing({ index: shownRules.length, rule: { nameZh: '', nameEn: '', enabled: true, conditions: [], action: { kind: 'servicing_dealer' }, ccDepartmentIds: [] } })} data-testid="rule-add">
              {t('admin.routing.addRule')}
            </Button>
            <Button type="primary" disabled={!dirty} loading={saveRules.isPending} onClick={save} data-testid="rules-save">
              {t('admin.routing.saveDraft')}
            </Button>
            <Button disabled={dirty} loading={validate.isPending} onClick={() => validate.mutate(undefined, { onSuccess: (result) => setProblems(result.problems) })} data-testid="rules-validate">
              {t('admin.routing.validate')}
            </Button>
            <Space.Compact>
              <InputNumber min={1} max={90} value={days} onChange={(value) => setDays(value ?? 7)} addonAfter={t('admin.routing.days')} style={{ width: 130 }} data-testid="dry-run-days" />
              <Button disabled={dirty} loading={dryRun.isPending} onClick={() => dryRun.mutate({ days }, { onSuccess: setReport })} data-testid="dry-run">
                {t('admin.routing.dryRun')}
              </Button>
            </Space.Compact>
            <Popconfirm title={t('admin.routing.confirmPublish')} disabled={dirty} onConfirm={() => publish.mutate(undefined, { onSuccess: () => (setReport(null), setProblems(null)) })}>
              <Button danger disabled={dirty} loading={publish.isPending} data-testid="rules-publish">
                {t('admin.routing.publish')}
              </Button>
            </Popconfirm>
          </>
        )}
      </Space>
      {dirty && <Alert type="warning" showIcon title={t('admin.routing.unsaved')} />}
      {problems && (problems.length === 0 ? <Alert type="success" showIcon title={t('admin.routing.valid')} data-testid="rules-valid" /> : <Alert type="error" showIcon title={t('admin.routing.problems', { n: problems.length })} data-testid="rules-problems" />)}
      <Table<Rule & { index: number }>
        rowKey="index"
        size="small"
        loading={draft.isLoading || publishedRules.isLoading}
        dataSource={shownRules.map((rule, index) => ({ ...rule, index }))}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(rule) => ({ 'data-testid': 'rule-row', style: problemsByRule.has(rule.index) ? { background: '#fff1f0' } : undefined }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '#', dataIndex: 'index', width: 44, render: (index: number) => index + 1 },
          {
            title: t('admin.routing.enabled'),
            dataIndex: 'enabled',
            width: 70,
            render: (enabled: boolean, rule) => <Switch size="small" checked={enabled} disabled={!editable} onChange={(checked) => rules && change(rules.map((item, index) => (index === rule.index ? { ...item, enabled: checked } : item)))} />,
          },
          {
            title: t('admin.name'),
            dataIndex: 'nameZh',
            render: (_name: string, rule) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong data-testid="rule-name">
                  {localizedName({ name: rule.name ?? '', nameZh: rule.nameZh, nameEn: rule.nameEn }, locale)}
                </Typography.Text>
                {(problemsByRule.get(rule.index) ?? []).map((problem) => (
                  <Typography.Text key={problem.path + problem.message} type="danger" style={{ fontSize: 12 }}>
                    {problem.path.replace(/^rules\.\d+\.?/, '')} {problem.message}
                  </Typography.Text>
                ))}
              </Space>
            ),
          },
          { title: t('admin.routing.conditions'), dataIndex: 'conditions', ellipsis: { showTitle: true }, render: (value: RoutingCondition[]) => <span data-testid="rule-conditions-summary">{describe.conditions(value)}</span> },
          { title: t('admin.routing.action'), dataIndex: 'action', ellipsis: { showTitle: true }, render: (value: RoutingAction) => <span data-testid="rule-action-summary">{describe.action(value)}</span> },
          ...(editable
            ? [
                {
                  title: '',
                  width: 210,
                  render: (_value: unknown, rule: Rule & { index: number }) => (
                    <Space size={2}>
                      <Button size="small" disabled={rule.index === 0} onClick={() => move(rule.index, -1)} aria-label={t('admin.routing.up')}>
                        ↑
                      </Button>
                      <Button size="small" disabled={rule.index === shownRules.length - 1} onClick={() => move(rule.index, 1)} aria-label={t('admin.routing.down')}>
                        ↓
                      </Button>
                      <Button size="small" onClick={() => setEditing({ index: rule.index, rule })} data-testid="rule-edit">
                        {t('admin.edit')}
                      </Button>
                      <Popconfirm title={t('admin.routing.confirmRemove')} onConfirm={() => rules && change(rules.filter((_item, index) => index !== rule.index))}>
                        <Button size="small" danger>
                          {t('admin.remove')}
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {report && (
        <Card size="small" title={t('admin.routing.dryRunTitle', { n: report.draftVersion })}>
          <DryRunReport report={report} />
        </Card>
      )}
      {problems && problems.length > 0 && (
        <List size="small" bordered dataSource={problems} renderItem={(problem) => <List.Item>{`${problem.rule + 1}. ${problem.ruleName} — ${problem.path}: ${problem.message}`}</List.Item>} />
      )}
      <RuleModal
        rule={editing?.rule ?? null}
        // The problems of the edited rule, their paths relative to it (`conditions.1.value`).
        problems={(editing ? (problemsByRule.get(editing.index) ?? []) : []).map((problem) => ({ path: problem.path.replace(/^rules\.\d+\.?/, ''), message: problem.message }))}
        onClose={() => setEditing(null)}
        onSave={(rule) => {
          if (!editing || !rules) return;
          const next = [...rules];
          next[editing.index] = rule;
          change(next);
          setEditing(null);
        }}
      />
    </Space>
  );
}
