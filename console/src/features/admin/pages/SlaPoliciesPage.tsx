import type { EscalationLevel } from '@careline/shared';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import {
  applySlaPolicyToOpenTicketsContract,
  listCalendarsContract,
  listSlaPoliciesContract,
  previewSlaPolicyOnOpenTicketsContract,
  updateSlaPolicyContract,
} from '@shared/contracts/sla.contracts';
import { localizedName } from '@shared/i18n/localized-names';
import { ESCALATION_CHANNELS, ESCALATION_RECIPIENTS } from '@shared/sla/escalation';
import { PRIORITIES, TICKET_TYPES } from '@shared/tickets/ticket-vocabulary';
import { Alert, Button, Drawer, Form, InputNumber, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { useCanEdit } from '../AdminLayout';
import { useContractMutation, useContractQuery } from '../components/admin-api';

// Roadside settings load with the SLA page's chunk (the same Ant Design parts): a chunk of its own split shared ones and cost every first route.
export { RoadsideSettingsPage } from './RoadsideSettingsPage';

/** A policy as `GET /api/sla-policies` lists it. */
type SlaPolicy = ContractResponse<typeof listSlaPoliciesContract>['items'][number];
type OpenTicketChange = ContractResponse<typeof previewSlaPolicyOnOpenTicketsContract>['items'][number];
type SlaPolicyChange = ContractBody<typeof updateSlaPolicyContract>;

function OpenTicketChanges({ policy }: { policy: SlaPolicy }) {
  const { t } = useLocale();
  const canEdit = useCanEdit();
  const [shown, setShown] = useState(false);
  const changes = useContractQuery(['sla-open-changes', policy.id, policy.version], previewSlaPolicyOnOpenTicketsContract, shown && canEdit ? { params: { id: policy.id } } : null);
  const apply = useContractMutation(applySlaPolicyToOpenTicketsContract, () => ({ params: { id: policy.id } }), { success: false });
  const [moved, setMoved] = useState<number | null>(null);
  if (!canEdit) return null;
  if (!shown)
    return (
      <Button onClick={() => setShown(true)} data-testid="sla-preview">
        {t('admin.sla.preview')}
      </Button>
    );
  const items = changes.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {moved !== null && <Alert type="success" showIcon title={t('admin.sla.moved', { n: moved })} />}
      <Table<OpenTicketChange>
        rowKey={(row) => `${row.ticketId}:${row.clock}`}
        size="small"
        loading={changes.isLoading}
        dataSource={items}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        data-testid="sla-open-changes"
        columns={[
          { title: t('admin.sla.ticket'), render: (_value, row) => row.number },
          { title: t('admin.sla.clock'), dataIndex: 'clock', render: (clock: string) => t(`sla.clock.${clock}`) },
          { title: t('admin.sla.currentDue'), dataIndex: 'currentDueAt', render: (value: string) => formatDateTime(value) },
          { title: t('admin.sla.newDue'), dataIndex: 'newDueAt', render: (value: string) => formatDateTime(value) },
        ]}
      />
      <Popconfirm title={t('admin.sla.confirmApply', { n: items.length })} disabled={items.length === 0} onConfirm={() => apply.mutate(undefined, { onSuccess: (result) => setMoved(result.moved) })}>
        <Button type="primary" danger disabled={items.length === 0} loading={apply.isPending} data-testid="sla-apply">
          {t('admin.sla.apply', { n: items.length })}
        </Button>
      </Popconfirm>
    </Space>
  );
}

function PolicyDrawer({ policy, onClose }: { policy: SlaPolicy | null; onClose: () => void }) {
  const { t } = useLocale();
  const canEdit = useCanEdit();
  const [form] = Form.useForm();
  const calendars = useContractQuery(['calendars'], listCalendarsContract, {});
  const save = useContractMutation(updateSlaPolicyContract, (body: SlaPolicyChange) => ({ params: { id: policy!.id }, body }), { form });
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    save.mutate({ ...values, calendarId: values.calendarId ?? null, ccInternalMinutes: values.ccInternalMinutes ?? null, callbackMinutes: values.callbackMinutes ?? null, rescueAcceptMinutes: values.rescueAcceptMinutes ?? null, rescueArriveMinutes: values.rescueArriveMinutes ?? null, escalationChain: (values.escalationChain ?? []).map((level: EscalationLevel, index: number) => ({ ...level, level: index + 1 })) });
  };
  return (
    <Drawer
      open={policy !== null}
      onClose={onClose}
      width={860}
      title={policy ? `${policy.code} · v${policy.version}` : ''}
      destroyOnHidden
      extra={
        canEdit && (
          <Button type="primary" onClick={submit} loading={save.isPending} data-testid="sla-save">
            {t('common.save')}
          </Button>
        )
      }
    >
      {policy && (
        <Form form={form} layout="vertical" initialValues={policy} disabled={!canEdit} onFinish={submit}>
          <Space wrap>
            <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input autoFocus style={{ width: 300 }} data-testid="sla-name-zh" />
            </Form.Item>
            <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 100 }]}>
              <Input style={{ width: 300 }} data-testid="sla-name-en" />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="ticketType" label={t('admin.sla.type')}>
              <Select allowClear style={{ width: 140 }} options={TICKET_TYPES.map((value) => ({ value, label: t(`ticketType.${value}`) }))} />
            </Form.Item>
            <Form.Item name="priority" label={t('admin.sla.priority')}>
              <Select allowClear style={{ width: 120 }} options={PRIORITIES.map((value) => ({ value, label: value }))} />
            </Form.Item>
            <Form.Item name="calendarId" label={t('admin.calendar')}>
              <Select allowClear style={{ width: 200 }} placeholder={t('admin.sla.ownerCalendar')} options={(calendars.data?.items ?? []).map((calendar) => ({ value: calendar.id, label: calendar.name }))} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="acknowledgeMinutes" label={t('admin.sla.acknowledgeMinutes')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} data-testid="sla-acknowledge" />
            </Form.Item>
            <Form.Item name="firstContactMinutes" label={t('admin.sla.firstContactMinutes')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} />
            </Form.Item>
            <Form.Item name="resolveMinutes" label={t('admin.sla.resolveMinutes')} rules={[{ required: true }]}>
              <InputNumber min={1} max={1000000} />
            </Form.Item>
            <Form.Item name="warningRatio" label={t('admin.sla.warningRatio')} rules={[{ required: true }]}>
              <InputNumber min={0.1} max={0.99} step={0.05} />
            </Form.Item>
            <Form.Item name="ccInternalMinutes" label={t('admin.sla.ccInternalMinutes')} tooltip={t('admin.sla.ccInternalHint')}>
              <InputNumber min={1} max={1000000} placeholder="—" />
            </Form.Item>
            <Form.Item name="callbackMinutes" label={t('admin.sla.callbackMinutes')} tooltip={t('admin.sla.callbackHint')}>
              <InputNumber min={1} max={1000000} placeholder="—" />
            </Form.Item>
            <Form.Item name="rescueAcceptMinutes" label={t('admin.sla.rescueAcceptMinutes')} tooltip={t('admin.sla.rescueHint')}>
              <InputNumber min={1} max={10000} placeholder="—" data-testid="sla-rescue-accept" />
            </Form.Item>
            <Form.Item name="rescueArriveMinutes" label={t('admin.sla.rescueArriveMinutes')} tooltip={t('admin.sla.rescueHint')}>
              <InputNumber min={1} max={10000} placeholder="—" data-testid="sla-rescue-arrive" />
            </Form.Item>
            <Form.Item name="active" label={t('admin.sla.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Typography.Title level={5}>{t('admin.sla.chain')}</Typography.Title>
          <Form.List name="escalationChain">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" wrap>
                    <Tag style={{ marginTop: 5 }}>{t('supervisor.level', { n: index + 1 })}</Tag>
                    <Form.Item name={[field.name, 'afterMinutes']} rules={[{ required: true }]} tooltip={t('admin.sla.afterMinutesHint')}>
                      <InputNumber min={0} max={100000} addonAfter={t('admin.sla.minutesAfterBreach')} style={{ width: 190 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'recipients']} rules={[{ required: true, type: 'array', min: 1 }]}>
                      <Select mode="multiple" maxTagCount="responsive" style={{ width: 300 }} placeholder={t('admin.sla.recipients')} options={ESCALATION_RECIPIENTS.map((value) => ({ value, label: t(`admin.sla.recipient.${value}`) }))} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'channels']} rules={[{ required: true, type: 'array', min: 1 }]}>
                      <Select mode="multiple" maxTagCount="responsive" style={{ width: 190 }} placeholder={t('admin.sla.channels')} options={ESCALATION_CHANNELS.map((value) => ({ value, label: t(`admin.sla.channel.${value}`) }))} />
                    </Form.Item>
                    <Button type="text" danger onClick={() => remove(field.name)}>
                      ×
                    </Button>
                  </Space>
                ))}
                {canEdit && (
                  <Button onClick={() => add({ afterMinutes: 60, recipients: ['dealer_service_manager'], channels: ['mail'] })} disabled={fields.length >= 10} data-testid="sla-add-level">
                    {t('admin.sla.addLevel')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
          <button type="submit" hidden />
        </Form>
      )}
      {policy && (
        <div style={{ marginTop: 24 }}>
          <Typography.Title level={5}>{t('admin.sla.openTickets')}</Typography.Title>
          <OpenTicketChanges policy={policy} />
        </div>
      )}
    </Drawer>
  );
}

/** SLA policies per type × priority: targets, warning ratio, calendar, escalation chain; apply a change to open tickets. */
export function SlaPoliciesPage() {
  const { t, locale } = useLocale();
  const policies = useContractQuery(['sla-policies'], listSlaPoliciesContract, {});
  const [openId, setOpenId] = useState<string | null>(null);
  const open = policies.data?.items.find((policy) => policy.id === openId) ?? null;
  return (
    <div data-testid="admin-sla">
      <Table<SlaPolicy>
        rowKey="id"
        size="small"
        loading={policies.isLoading}
        dataSource={policies.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        onRow={(policy) => ({ onClick: () => setOpenId(policy.id), style: { cursor: 'pointer' }, 'data-testid': 'sla-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.code'), dataIndex: 'code' },
          { title: t('admin.name'), dataIndex: 'nameZh', render: (_value: string, policy) => <span data-testid="sla-name">{localizedName(policy, locale)}</span> },
          { title: t('admin.sla.type'), dataIndex: 'ticketType', render: (value: string | null) => (value ? t(`ticketType.${value}`) : t('common.all')) },
          { title: t('admin.sla.priority'), dataIndex: 'priority', render: (value: string | null) => value ?? t('common.all') },
          // The headers say minutes, as the drawer's inputs do: so do the cells (240, not "4 h").
          { title: t('admin.sla.acknowledgeMinutes'), dataIndex: 'acknowledgeMinutes' },
          { title: t('admin.sla.firstContactMinutes'), dataIndex: 'firstContactMinutes' },
          { title: t('admin.sla.resolveMinutes'), dataIndex: 'resolveMinutes' },
          { title: t('admin.sla.warningRatio'), dataIndex: 'warningRatio', render: (value: number) => `${Math.round(value * 100)}%` },
          { title: t('admin.sla.chain'), dataIndex: 'escalationChain', render: (chain: EscalationLevel[]) => chain.length },
          { title: 'v', dataIndex: 'version', width: 50 },
          { title: t('admin.sla.active'), dataIndex: 'active', render: (active: boolean) => (active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
        ]}
      />
      <PolicyDrawer key={open ? `${open.id}:${open.version}` : 'none'} policy={open} onClose={() => setOpenId(null)} />
    </div>
  );
}
