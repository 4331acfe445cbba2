/**
 * The structured editor of one routing rule's conditions and action (field, operator and value per condition row;
 * action kind and its parameters), and a JSON text view of the same values for power users.
 */
import type { RoutingAction, RoutingCondition } from '@careline/shared';
import { Button, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { useCategories, useDepartments } from '../../tickets/hooks/useReference';
import { listRegionsContract } from '@shared/contracts/reference.contracts';
import { useAllDealers, useContractQuery } from './admin-api';
import { ACTION_KIND_LIST, ACTION_KINDS, ACTION_PARAM_VALUES, type ActionKind, type ActionParam, CONDITION_FIELD_LIST, CONDITION_FIELDS, type ConditionField, emptyAction, emptyCondition } from './routing-vocabulary';

/** A problem of the edited rule, its path relative to the rule (`conditions.1.value`, `action.dealerId`). */
export interface RuleProblem {
  path: string;
  message: string;
}

const problemText = (problems: RuleProblem[]) =>
  problems.map((problem) => (
    <Typography.Text key={problem.path + problem.message} type="danger" style={{ fontSize: 12, display: 'block' }} data-testid="rule-problem">
      {problem.message}
    </Typography.Text>
  ));

/** The shapes the JSON view accepts (the server's schema checks the details). */
export const isConditionList = (value: unknown): value is RoutingCondition[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null && typeof (item as { field?: unknown }).field === 'string');
export const isAction = (value: unknown): value is RoutingAction => typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { kind?: unknown }).kind === 'string';

/** Is every condition and the action complete enough to save (the server checks the rest)? */
export function ruleIncomplete(conditions: RoutingCondition[], action: RoutingAction): boolean {
  const emptyValue = conditions.some((condition) => Array.isArray(condition.value) && condition.value.length === 0);
  const missingId = (action.kind === 'fixed_dealer' && !action.dealerId) || (action.kind === 'department' && !action.departmentId);
  return emptyValue || missingId;
}

function useRegions() {
  return useContractQuery(['regions'], listRegionsContract, {});
}

function ConditionValue({ condition, onChange }: { condition: RoutingCondition; onChange: (value: RoutingCondition['value']) => void }) {
  const { t, locale } = useLocale();
  const spec = CONDITION_FIELDS[condition.field];
  const categories = useCategories();
  const regions = useRegions();
  const dealers = useAllDealers();
  const common = { style: { width: '100%' }, 'data-testid': 'condition-value' };
  // Cities and provinces are free text, offered from where the dealers are.
  const places = useMemo(() => {
    if (condition.field !== 'city' && condition.field !== 'province') return [];
    const field = condition.field;
    return [...new Set((dealers.data?.items ?? []).map((dealer) => dealer[field]).filter(Boolean))].sort().map((place) => ({ value: place, label: place }));
  }, [dealers.data, condition.field]);
  const list = (Array.isArray(condition.value) ? condition.value : []) as string[];
  switch (spec.input) {
    case 'enum':
      return <Select {...common} mode="multiple" allowClear value={list} onChange={onChange} placeholder={t('admin.routing.choose')} options={spec.values.map((value) => ({ value, label: t(`${spec.labelPrefix}${value}`) }))} />;
    case 'category':
      return (
        <Select
          {...common}
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={list}
          onChange={onChange}
          loading={categories.isLoading}
          placeholder={t('admin.routing.choose')}
          options={(categories.data ?? []).map((category) => ({ value: category.code, label: `${nameOf(category, locale)} · ${category.code}` }))}
        />
      );
    case 'region':
      return (
        <Select
          {...common}
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          value={list}
          onChange={onChange}
          loading={regions.isLoading}
          placeholder={t('admin.routing.choose')}
          options={(regions.data?.items ?? []).map((region) => ({ value: region.id, label: `${nameOf(region, locale)} · ${region.code}` }))}
        />
      );
    case 'tags':
      return <Select {...common} mode="tags" allowClear value={list} onChange={onChange} tokenSeparators={[',', '，', ';', '；']} options={places} placeholder={t('admin.routing.tagsPlaceholder')} />;
    case 'number':
      return <InputNumber {...common} min={0} max={10_000} precision={0} value={typeof condition.value === 'number' ? condition.value : 0} onChange={(value) => onChange(value ?? 0)} />;
    case 'boolean':
      return (
        <Switch
          checked={condition.value === true}
          onChange={(checked) => onChange(checked)}
          checkedChildren={t('admin.routing.yes')}
          unCheckedChildren={t('admin.routing.no')}
          data-testid="condition-value"
        />
      );
  }
}

/** The condition rows: every row must hold (an empty list matches every ticket). A form control (value/onChange). */
export function ConditionsEditor({ value = [], onChange, problems = [], disabled }: { value?: RoutingCondition[]; onChange?: (value: RoutingCondition[]) => void; problems?: RuleProblem[]; disabled?: boolean }) {
  const { t } = useLocale();
  const set = (index: number, condition: RoutingCondition) => onChange?.(value.map((item, at) => (at === index ? condition : item)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="conditions-editor">
      {value.length === 0 && <Typography.Text type="secondary">{t('admin.routing.noConditions')}</Typography.Text>}
      {value.map((condition, index) => {
        const spec = CONDITION_FIELDS[condition.field];
        const rowProblems = problems.filter((problem) => problem.path === `conditions.${index}` || problem.path.startsWith(`conditions.${index}.`));
        const known = spec !== undefined;
        return (
          <div key={index} data-testid="condition-row" style={rowProblems.length ? { background: '#fff1f0', padding: 4, borderRadius: 4 } : undefined}>
            <Space.Compact style={{ width: '100%' }}>
              <Select<ConditionField>
                style={{ width: 170, flex: 'none' }}
                value={condition.field}
                disabled={disabled}
                onChange={(field) => set(index, emptyCondition(field))}
                options={CONDITION_FIELD_LIST.map((field) => ({ value: field, label: t(`admin.routing.field.${field}`) }))}
                data-testid="condition-field"
              />
              <Select
                style={{ width: 140, flex: 'none' }}
                value={condition.op}
                disabled={disabled || !known || spec.ops.length < 2}
                onChange={(op) => set(index, { ...condition, op } as RoutingCondition)}
                options={(known ? (spec.ops as readonly string[]) : [condition.op]).map((op) => ({ value: op, label: t(`admin.routing.op.${op}`) }))}
                data-testid="condition-op"
              />
              <div style={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'center', padding: spec?.input === 'boolean' ? '0 8px' : undefined }}>
                {known ? <ConditionValue condition={condition} onChange={(next) => set(index, { ...condition, value: next } as RoutingCondition)} /> : <Typography.Text code>{JSON.stringify(condition.value)}</Typography.Text>}
              </div>
              <Button danger disabled={disabled} onClick={() => onChange?.(value.filter((_item, at) => at !== index))} aria-label={t('admin.remove')} data-testid="condition-remove">
                ✕
              </Button>
            </Space.Compact>
            {problemText(rowProblems)}
          </div>
        );
      })}
      <Button type="dashed" disabled={disabled || value.length >= 20} onClick={() => onChange?.([...value, emptyCondition('type')])} data-testid="condition-add">
        + {t('admin.routing.addCondition')}
      </Button>
    </Space>
  );
}

/** The action: its kind, then the parameters that kind needs. A form control (value/onChange). */
export function ActionEditor({ value = { kind: 'servicing_dealer' }, onChange, problems = [], disabled }: { value?: RoutingAction; onChange?: (value: RoutingAction) => void; problems?: RuleProblem[]; disabled?: boolean }) {
  const { t, locale } = useLocale();
  const dealers = useAllDealers();
  const departments = useDepartments();
  const params = (ACTION_KINDS[value.kind] ?? []) as readonly ActionParam[];
  const fields = value as unknown as Record<ActionParam, string | undefined>;
  const setParam = (param: ActionParam, next: string | undefined) => {
    const action = { ...value } as Record<string, unknown>;
    if (next === undefined) delete action[param];
    else action[param] = next;
    onChange?.(action as unknown as RoutingAction);
  };
  const paramProblems = (param: ActionParam) => problems.filter((problem) => problem.path === `action.${param}`);
  const otherProblems = problems.filter((problem) => (problem.path === 'action' || problem.path.startsWith('action.')) && !params.some((param) => problem.path === `action.${param}`));
  const input = (param: ActionParam) => {
    const common = { value: fields[param] || undefined, disabled, 'data-testid': `action-${param}`, placeholder: t('admin.routing.choose'), status: paramProblems(param).length ? ('error' as const) : undefined };
    switch (param) {
      case 'dealerId':
        return (
          <Select
            {...common}
            style={{ width: 360 }}
            showSearch={{ optionFilterProp: 'label' }}
            loading={dealers.isLoading}
            onChange={(next: string) => setParam(param, next)}
            options={(dealers.data?.items ?? []).map((dealer) => ({ value: dealer.id, label: `${dealer.code} ${nameOf(dealer, locale)}${dealer.active ? '' : ` (${t('admin.routing.inactive')})`}` }))}
          />
        );
      case 'departmentId':
        return (
          <Select
            {...common}
            style={{ width: 280 }}
            showSearch={{ optionFilterProp: 'label' }}
            loading={departments.isLoading}
            onChange={(next: string) => setParam(param, next)}
            options={(departments.data ?? []).map((department) => ({ value: department.id, label: `${department.code} ${nameOf(department, locale)}` }))}
          />
        );
      case 'capability':
        return <Select {...common} style={{ width: 140 }} onChange={(next: string) => setParam(param, next)} options={ACTION_PARAM_VALUES.capability.map((option) => ({ value: option, label: t(`admin.dealers.capability.${option}`) }))} />;
      default:
        return (
          <Select
            {...common}
            style={{ width: 170 }}
            allowClear={param === 'measure'}
            onChange={(next: string | undefined) => setParam(param, next)}
            options={ACTION_PARAM_VALUES[param].map((option) => ({ value: option, label: t(`admin.routing.${param}.${option}`) }))}
          />
        );
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="action-editor">
      <Space wrap align="start">
        <Select<ActionKind>
          style={{ width: 240 }}
          value={value.kind}
          disabled={disabled}
          onChange={(kind) => onChange?.(emptyAction(kind))}
          options={ACTION_KIND_LIST.map((kind) => ({ value: kind, label: t(`admin.routing.kind.${kind}`) }))}
          data-testid="action-kind"
        />
        {params.map((param) => (
          <Space key={param} direction="vertical" size={0}>
            <Space size={4}>
              <Typography.Text type="secondary">{t(`admin.routing.param.${param}`)}</Typography.Text>
              {input(param)}
            </Space>
            {problemText(paramProblems(param))}
          </Space>
        ))}
      </Space>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`admin.routing.kindHint.${value.kind}`)}
      </Typography.Text>
      {problemText(otherProblems)}
    </Space>
  );
}

/**
 * JSON text of a value, kept in sync both ways: valid JSON is passed up at once, invalid text stays here and is
 * reported through `onValidity` (the modal refuses to save while it is invalid).
 */
export function JsonField<T>({ value, onChange, onValidity, accept, rows, testId, invalidMessage }: { value?: T; onChange?: (value: T) => void; onValidity: (valid: boolean) => void; accept: (parsed: unknown) => parsed is T; rows: number; testId: string; invalidMessage: string }) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2));
  const [invalid, setInvalid] = useState(false);
  return (
    <>
      <Input.TextArea
        rows={rows}
        style={{ fontFamily: 'monospace' }}
        status={invalid ? 'error' : undefined}
        value={text}
        data-testid={testId}
        onChange={(event) => {
          setText(event.target.value);
          let parsed: unknown;
          try {
            parsed = JSON.parse(event.target.value);
          } catch {
            parsed = undefined;
          }
          const ok = accept(parsed);
          if (accept(parsed)) onChange?.(parsed);
          setInvalid(!ok);
          onValidity(ok);
        }}
      />
      {invalid && <Typography.Text type="danger">{invalidMessage}</Typography.Text>}
    </>
  );
}

/** Plain-language one-liners of conditions and actions for the rule table (names instead of codes and ids). */
export function useRuleSummary() {
  const { t, locale } = useLocale();
  const regions = useRegions();
  const dealers = useAllDealers();
  const departments = useDepartments();
  return useMemo(() => {
    const regionName = (id: string) => {
      const region = regions.data?.items.find((item) => item.id === id);
      return region ? nameOf(region, locale) : id;
    };
    const condition = (item: RoutingCondition) => {
      const spec = CONDITION_FIELDS[item.field];
      if (!spec) return JSON.stringify(item);
      const values = Array.isArray(item.value)
        ? (item.value as string[]).map((value) => (spec.input === 'enum' ? t(`${spec.labelPrefix}${value}`) : spec.input === 'region' ? regionName(value) : value)).join(locale === 'en' ? ', ' : '、')
        : typeof item.value === 'boolean'
          ? t(item.value ? 'admin.routing.yes' : 'admin.routing.no')
          : String(item.value);
      return `${t(`admin.routing.field.${item.field}`)} ${t(`admin.routing.op.${item.op}`)} ${values}`;
    };
    const conditions = (items: RoutingCondition[]) => (items.length === 0 ? t('admin.routing.noConditions') : items.map(condition).join(locale === 'en' ? ' and ' : ' 且 '));
    const action = (item: RoutingAction) => {
      if (!ACTION_KINDS[item.kind]) return JSON.stringify(item);
      const kind = t(`admin.routing.kind.${item.kind}`);
      switch (item.kind) {
        case 'fixed_dealer': {
          const dealer = dealers.data?.items.find((row) => row.id === item.dealerId);
          return `${kind}: ${dealer ? `${dealer.code} ${nameOf(dealer, locale)}` : item.dealerId}`;
        }
        case 'department': {
          const department = departments.data?.find((row) => row.id === item.departmentId);
          return `${kind}: ${department ? nameOf(department, locale) : item.departmentId}`;
        }
        case 'nearest_capable':
          return `${kind}: ${t(`admin.dealers.capability.${item.capability}`)}, ${t(`admin.routing.from.${item.from}`)}`;
        case 'least_loaded':
          return `${kind}: ${t(`admin.dealers.capability.${item.capability}`)}, ${t(`admin.routing.within.${item.within}`)}${item.measure ? `, ${t(`admin.routing.measure.${item.measure}`)}` : ''}`;
        default:
          return kind;
      }
    };
    return { conditions, action };
  }, [t, locale, regions.data, dealers.data, departments.data]);
}
