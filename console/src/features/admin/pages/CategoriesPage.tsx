import type { ContractBody } from '@shared/contracts/contract';
import {
  createCategoryContract,
  deactivateCategoryContract,
  moveCategoryContract,
  reactivateCategoryContract,
  updateCategoryContract,
} from '@shared/contracts/admin.contracts';
import { CATEGORY_KEYWORD_LIMITS, moveProblem } from '@shared/reference/category-tree';
import { PRIORITIES, TICKET_TYPES, type TicketType } from '@shared/tickets/ticket-vocabulary';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Table, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { queryKeys } from '../../../lib/query-keys';
import { useCategories, useDepartments } from '../../tickets/hooks/useReference';
import type { Category } from '../../tickets/ticket.types';
import { useContractMutation } from '../components/admin-api';

interface TreeItem {
  key: string;
  value: string;
  title: React.ReactNode;
  disabled?: boolean;
  children: TreeItem[];
}

/** The categories of one ticket type as nested nodes, siblings by position. */
function treeOf(categories: Category[], type: TicketType, title: (category: Category) => React.ReactNode, disabled?: (category: Category) => boolean): TreeItem[] {
  const ofType = categories.filter((category) => category.ticketType === type);
  const build = (parentId: string | null): TreeItem[] =>
    ofType
      .filter((category) => category.parentId === parentId)
      .sort((a, b) => a.position - b.position || a.code.localeCompare(b.code))
      .map((category) => ({ key: category.id, value: category.id, title: title(category), disabled: disabled?.(category), children: build(category.id) }));
  return build(null);
}

/** The admin's changes also refresh the forms' category list (it lives outside the admin keys). */
function useRefreshCategories() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.categories });
}

function CategoryEditor({ category, categories, onAddChild, onMove }: { category: Category; categories: Category[]; onAddChild: () => void; onMove: () => void }) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm();
  const departments = useDepartments();
  const refresh = useRefreshCategories();
  const done = { onSuccess: refresh };
  const update = useContractMutation(updateCategoryContract, (body: ContractBody<typeof updateCategoryContract>) => ({ params: { id: category.id }, body }), { form });
  const deactivate = useContractMutation(deactivateCategoryContract, () => ({ params: { id: category.id } }));
  const reactivate = useContractMutation(reactivateCategoryContract, (subtree: boolean) => ({ params: { id: category.id }, body: { subtree } }));
  const parent = categories.find((candidate) => candidate.id === category.parentId);
  const hasChildren = categories.some((candidate) => candidate.parentId === category.id);
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values) update.mutate({ ...values, defaultPriority: values.defaultPriority ?? null }, done);
  };
  return (
    <Card
      size="small"
      data-testid="category-editor"
      title={
        <Space>
          <Typography.Text code>{category.code}</Typography.Text>
          {!category.active && <Tag>{t('admin.categories.inactive')}</Tag>}
        </Space>
      }
      extra={
        <Space wrap>
          <Button size="small" onClick={onAddChild} disabled={!category.active} data-testid="category-add-child">
            {t('admin.categories.addChild')}
          </Button>
          <Button size="small" onClick={onMove} data-testid="category-move">
            {t('admin.categories.move')}
          </Button>
          {category.active ? (
            <Popconfirm title={t('admin.categories.deactivateConfirm')} onConfirm={() => deactivate.mutate(undefined, done)} okText={t('admin.categories.deactivate')} cancelText={t('common.cancel')}>
              <Button size="small" danger loading={deactivate.isPending} data-testid="category-deactivate">
                {t('admin.categories.deactivate')}
              </Button>
            </Popconfirm>
          ) : (
            <>
              <Button size="small" disabled={parent !== undefined && !parent.active} loading={reactivate.isPending} onClick={() => reactivate.mutate(false, done)} data-testid="category-reactivate">
                {t('admin.categories.reactivate')}
              </Button>
              {hasChildren && (
                <Button size="small" disabled={parent !== undefined && !parent.active} onClick={() => reactivate.mutate(true, done)} data-testid="category-reactivate-subtree">
                  {t('admin.categories.reactivateSubtree')}
                </Button>
              )}
            </>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('admin.categories.path', { path: category.path })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} initialValues={category}>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="category-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="category-name-en" />
        </Form.Item>
        <Form.Item name="defaultPriority" label={t('admin.categories.defaultPriority')} extra={t('admin.categories.defaultPriorityHint')}>
          <Select allowClear style={{ width: 180 }} options={PRIORITIES.map((value) => ({ value, label: t(`priority.${value}`) }))} />
        </Form.Item>
        <Form.Item name="ccDepartmentIds" label={t('admin.categories.ccDepartments')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={(departments.data ?? []).map((department) => ({ value: department.id, label: locale === 'en' ? department.nameEn : department.nameZh, disabled: !department.active }))}
          />
        </Form.Item>
        <Form.Item
          name="keywords"
          label={t('admin.categories.keywords')}
          extra={t('admin.categories.keywordsHint', { count: CATEGORY_KEYWORD_LIMITS.count, length: CATEGORY_KEYWORD_LIMITS.length })}
          rules={[{ type: 'array', max: CATEGORY_KEYWORD_LIMITS.count, defaultField: { type: 'string', max: CATEGORY_KEYWORD_LIMITS.length } }]}
        >
          <Select mode="tags" open={false} tokenSeparators={[',', '，', ';', '；']} data-testid="category-keywords" />
        </Form.Item>
        <Form.Item name="position" label={t('admin.categories.position')}>
          <InputNumber min={0} max={100000} precision={0} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="category-save">
          {t('common.save')}
        </Button>
      </Form>
      {hasChildren && (
        <Table<Category>
          style={{ marginTop: 16 }}
          size="small"
          rowKey="id"
          title={() => t('admin.categories.children')}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          dataSource={categories.filter((candidate) => candidate.parentId === category.id).sort((a, b) => a.position - b.position)}
          columns={[
            { title: t('admin.code'), dataIndex: 'code' },
            { title: t('admin.categories.name'), render: (_value, child) => (locale === 'en' ? child.nameEn : child.nameZh) },
            { title: t('admin.categories.defaultPriority'), dataIndex: 'defaultPriority', render: (priority: string | null) => priority ?? '—' },
            { title: t('admin.categories.position'), dataIndex: 'position' },
            { title: '', dataIndex: 'active', render: (active: boolean) => (active ? null : <Tag>{t('admin.categories.inactive')}</Tag>) },
          ]}
        />
      )}
    </Card>
  );
}

/** A new category under `parent` (its type, priority and copies by default), or a root of `type`. */
function CreateModal({ parent, type, onClose }: { parent: Category | null; type: TicketType; onClose: (created?: string) => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const refresh = useRefreshCategories();
  const create = useContractMutation(createCategoryContract, (body: ContractBody<typeof createCategoryContract>) => ({ body }), { form });
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    create.mutate(
      { ...values, parentId: parent?.id ?? null, ...(parent ? {} : { ticketType: type }) },
      { onSuccess: (answer) => (refresh(), onClose(answer.category.id)) },
    );
  };
  return (
    <Modal
      open
      title={parent ? t('admin.categories.addChildOf', { name: parent.nameZh }) : t('admin.categories.addRoot')}
      onOk={save}
      onCancel={() => onClose()}
      confirmLoading={create.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={{ code: parent ? `${parent.code}-` : '' }}>
        <Form.Item name="code" label={t('admin.code')} extra={t('admin.categories.codeHint')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,59}$/ }]}>
          <Input autoFocus data-testid="category-new-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input data-testid="category-new-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input data-testid="category-new-name-en" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/**
 * Choose a new parent of the same type: itself, its subtree and (for an active category) inactive ones are greyed. A
 * plain Select with the tree's order and indentation (a TreeSelect here would split the agent form's chunk).
 */
function MoveModal({ category, categories, onClose }: { category: Category; categories: Category[]; onClose: () => void }) {
  const { t, locale } = useLocale();
  const [parentId, setParentId] = useState<string | undefined>();
  const refresh = useRefreshCategories();
  const move = useContractMutation(moveCategoryContract, (target: string) => ({ params: { id: category.id }, body: { parentId: target } }));
  const options = useMemo(() => {
    const flat: Array<{ value: string; label: string; disabled: boolean }> = [];
    const walk = (nodes: TreeItem[], depth: number) => {
      for (const node of nodes) {
        const candidate = categories.find((item) => item.id === node.key)!;
        const name = locale === 'en' ? candidate.nameEn : candidate.nameZh;
        flat.push({ value: node.value, label: `${'\u3000'.repeat(depth)}${name} (${candidate.code})`, disabled: moveProblem(category, candidate) !== null || candidate.id === category.parentId });
        walk(node.children, depth + 1);
      }
    };
    walk(treeOf(categories, category.ticketType as TicketType, () => null), 0);
    return flat;
  }, [categories, category, locale]);
  return (
    <Modal
      open
      title={t('admin.categories.moveTitle', { name: locale === 'en' ? category.nameEn : category.nameZh })}
      onOk={() => parentId && move.mutate(parentId, { onSuccess: () => (refresh(), onClose()) })}
      okButtonProps={{ disabled: !parentId, ...({ 'data-testid': 'category-move-confirm' } as Record<string, string>) }}
      onCancel={onClose}
      confirmLoading={move.isPending}
      okText={t('admin.categories.move')}
      cancelText={t('common.cancel')}
    >
      <Typography.Paragraph type="secondary">{t('admin.categories.moveHint')}</Typography.Paragraph>
      <Select style={{ width: '100%' }} options={options} value={parentId} onChange={setParentId} showSearch optionFilterProp="label" data-testid="category-move-parent" />
    </Modal>
  );
}

/** The category tree per ticket type: select a node to edit it; add, move, deactivate and reactivate. Admins only. */
export function CategoriesPage() {
  const { t, locale } = useLocale();
  const categories = useCategories();
  const [type, setType] = useState<TicketType>('complaint');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState<{ parent: Category | null } | null>(null);
  const [moving, setMoving] = useState(false);
  const all = categories.data ?? [];
  const selected = all.find((category) => category.id === selectedId && category.ticketType === type) ?? null;
  const tree = useMemo(
    () =>
      treeOf(all, type, (category) => (
        <span data-testid={`category-node-${category.code}`} style={category.active ? undefined : { color: 'rgba(0, 0, 0, 0.35)' }}>
          {locale === 'en' ? category.nameEn : category.nameZh}
          {!category.active && <Tag style={{ marginInlineStart: 6 }}>{t('admin.categories.inactive')}</Tag>}
        </span>
      )),
    [all, type, locale, t],
  );
  return (
    <div data-testid="admin-categories">
      <Space style={{ marginBottom: 12 }} wrap>
        <Radio.Group
          optionType="button"
          value={type}
          onChange={(event) => (setType(event.target.value as TicketType), setSelectedId(null))}
          options={TICKET_TYPES.map((value) => ({ value, label: t(`ticketType.${value}`) }))}
          data-testid="category-type"
        />
        <Button onClick={() => setCreating({ parent: null })} data-testid="category-add-root">
          {t('admin.categories.addRoot')}
        </Button>
      </Space>
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', flexWrap: 'wrap' }}>
        <Card size="small" style={{ flex: '1 1 320px', maxHeight: 640, overflow: 'auto' }} loading={categories.isLoading}>
          <Tree<TreeItem>
            treeData={tree}
            defaultExpandAll
            key={type}
            selectedKeys={selected ? [selected.id] : []}
            onSelect={(keys) => setSelectedId((keys[0] as string | undefined) ?? null)}
            data-testid="category-tree"
          />
        </Card>
        <div style={{ flex: '1 1 420px' }}>
          {selected ? (
            <CategoryEditor key={selected.id} category={selected} categories={all} onAddChild={() => setCreating({ parent: selected })} onMove={() => setMoving(true)} />
          ) : (
            <Empty description={t('admin.categories.selectHint')} />
          )}
        </div>
      </div>
      {creating && <CreateModal parent={creating.parent} type={type} onClose={(created) => (setCreating(null), created && setSelectedId(created))} />}
      {moving && selected && <MoveModal category={selected} categories={all} onClose={() => setMoving(false)} />}
    </div>
  );
}
