import {
  createCallbackReasonContract,
  listAllCallbackReasonsContract,
  updateCallbackReasonContract,
} from '@shared/contracts/callbacks.contracts';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { useContractMutation, useContractQuery } from '../components/admin-api';

type Reason = ContractResponse<typeof listAllCallbackReasonsContract>['items'][number];
type UpdateBody = ContractBody<typeof updateCallbackReasonContract>;

const byOrder = (a: Reason, b: Reason) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code);

/** After a change the callback form's own list (active reasons) is stale too: it lives outside the admin keys. */
function useRefreshForm() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: queryKeys.callbackReasons });
}

function ReasonModal({ reason, nextOrder, onClose }: { reason: Reason | null; nextOrder: number; onClose: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const refreshForm = useRefreshForm();
  const create = useContractMutation(createCallbackReasonContract, (body: ContractBody<typeof createCallbackReasonContract>) => ({ body }), { form });
  const update = useContractMutation(updateCallbackReasonContract, (body: UpdateBody) => ({ params: { code: reason!.code }, body }), { form });
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const done = { onSuccess: () => (refreshForm(), onClose()) };
    if (reason) update.mutate({ nameZh: values.nameZh, nameEn: values.nameEn, sortOrder: values.sortOrder }, done);
    else create.mutate(values, done);
  };
  return (
    <Modal
      open
      title={reason ? `${t('admin.edit')} ${reason.code}` : t('admin.callbackReasons.add')}
      onOk={save}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'callback-reason-save' } as Record<`data-${string}`, string>}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={reason ?? { sortOrder: nextOrder }}>
        <Form.Item
          name="code"
          label={t('admin.code')}
          extra={t('admin.callbackReasons.codeHint')}
          rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,48}$/, message: t('admin.callbackReasons.codeRule') }]}
        >
          <Input disabled={reason !== null} autoFocus={reason === null} data-testid="callback-reason-code" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 50 }]}>
          <Input autoFocus={reason !== null} data-testid="callback-reason-name-zh" />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 80 }]}>
          <Input data-testid="callback-reason-name-en" />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('admin.callbackReasons.sortOrder')} extra={t('admin.callbackReasons.sortHint')} rules={[{ required: true }]}>
          <InputNumber min={0} max={10_000} precision={0} data-testid="callback-reason-sort" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/**
 * The unhappy-reason taxonomy of callbacks (回访不满意原因): what agents choose when a customer is unhappy. A reason's
 * code never changes (past attempts keep it); admins rename, reorder, retire and restore. Every change is in the
 * configuration history.
 */
export function CallbackReasonsPage() {
  const { t } = useLocale();
  const reasons = useContractQuery(['callback-reasons'], listAllCallbackReasonsContract, {});
  const refreshForm = useRefreshForm();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<Reason | 'new' | null>(null);
  // One "saved" for a move, which is two changes: said here rather than by each change.
  const update = useContractMutation(updateCallbackReasonContract, ({ code, body }: { code: string; body: UpdateBody }) => ({ params: { code }, body }), { success: false });
  const change = async (...changes: Array<{ code: string; body: UpdateBody }>) => {
    try {
      for (const one of changes) await update.mutateAsync(one);
      void message.success(t('common.saved'));
    } catch {
      // the mutation's own reaction showed the error
    } finally {
      refreshForm();
    }
  };
  const items = [...(reasons.data?.items ?? [])].sort(byOrder);
  const active = items.filter((reason) => reason.active);
  const nextOrder = (items.at(-1)?.sortOrder ?? 0) + 10;

  /** Swaps a reason's place with its active neighbour's (retired ones keep their number out of the way). */
  const move = (reason: Reason, step: -1 | 1) => {
    const index = active.indexOf(reason);
    const neighbour = active[index + step];
    if (!neighbour) return;
    if (neighbour.sortOrder === reason.sortOrder) void change({ code: reason.code, body: { sortOrder: Math.max(0, reason.sortOrder + step) } });
    else void change({ code: reason.code, body: { sortOrder: neighbour.sortOrder } }, { code: neighbour.code, body: { sortOrder: reason.sortOrder } });
  };

  return (
    <div data-testid="admin-callback-reasons">
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">{t('admin.callbackReasons.hint')}</Typography.Text>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="callback-reason-add">
          {t('admin.callbackReasons.add')}
        </Button>
      </Space>
      <Table<Reason>
        rowKey="code"
        size="small"
        loading={reasons.isLoading}
        dataSource={items}
        pagination={false}
        onRow={(reason) => ({ 'data-testid': 'callback-reason-row', 'data-code': reason.code, 'data-active': String(reason.active) }) as object}
        columns={[
          { title: t('admin.callbackReasons.sortOrder'), dataIndex: 'sortOrder', width: 80 },
          { title: t('admin.code'), dataIndex: 'code', width: 170, render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          { title: t('admin.nameZh'), dataIndex: 'nameZh' },
          { title: t('admin.nameEn'), dataIndex: 'nameEn' },
          {
            title: t('admin.callbackReasons.state'),
            dataIndex: 'active',
            width: 90,
            render: (value: boolean) => (value ? <Tag color="green">{t('admin.callbackReasons.active')}</Tag> : <Tag>{t('admin.callbackReasons.retired')}</Tag>),
          },
          { title: t('admin.callbackReasons.updatedAt'), dataIndex: 'updatedAt', width: 140, render: (value: string) => formatDateTime(value) },
          {
            title: '',
            width: 260,
            render: (_value, reason) => (
              <Space size={4}>
                {reason.active && (
                  <>
                    <Button size="small" disabled={active[0] === reason} onClick={() => move(reason, -1)} aria-label={t('admin.callbackReasons.up')} data-testid="callback-reason-up">
                      ↑
                    </Button>
                    <Button size="small" disabled={active.at(-1) === reason} onClick={() => move(reason, 1)} aria-label={t('admin.callbackReasons.down')} data-testid="callback-reason-down">
                      ↓
                    </Button>
                  </>
                )}
                <Button size="small" onClick={() => setEditing(reason)} data-testid="callback-reason-edit">
                  {t('admin.edit')}
                </Button>
                {reason.active ? (
                  <Popconfirm title={t('admin.callbackReasons.confirmRetire')} onConfirm={() => change({ code: reason.code, body: { active: false } })}>
                    <Button size="small" danger data-testid="callback-reason-retire">
                      {t('admin.callbackReasons.retire')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button size="small" onClick={() => void change({ code: reason.code, body: { active: true } })} data-testid="callback-reason-restore">
                    {t('admin.callbackReasons.restore')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <ReasonModal reason={editing === 'new' ? null : editing} nextOrder={nextOrder} onClose={() => setEditing(null)} />}
    </div>
  );
}
