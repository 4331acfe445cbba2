import { Alert, App, Button, Drawer, Popconfirm, Radio, Space, Table, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import type { CustomerProfile } from '../../tickets/ticket.types';
import { Sourced } from '../../workspace/components/FieldSource';
import { type DuplicateGroup, type DuplicateRecord, useCustomerViews, useMergeCustomers } from '../customer-merge-api';
import { useSourceName } from '../useImportSources';

type Row = { key: string; label: string; value: (customer: CustomerProfile) => ReactNode; field?: string };

/** A record's vehicles or tickets, one a line ("—" for none). */
function lines(testId: string, items: Array<{ id: string; text: ReactNode }>): ReactNode {
  if (items.length === 0) return '—';
  return (
    <Space direction="vertical" size={0}>
      {items.map((item) => (
        <Typography.Text key={item.id} data-testid={testId}>
          {item.text}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** "郑一鸣（#2）": records of a group often share the name, so each is also numbered as the comparison shows it. */
const labelOf = (group: DuplicateGroup, id: string) => {
  const index = group.customers.findIndex((customer) => customer.id === id);
  return `${group.customers[index]?.name ?? id}（#${index + 1}）`;
};

/**
 * A duplicate group's records side by side: each field's value with the source system and time it came from, their
 * vehicles and tickets. The user picks the record to keep, reads what the merge will do, and confirms; every other
 * record of the group is merged into the one kept (its vehicles, tickets and open campaign calls move, each field takes
 * the higher-ranked source's value).
 */
export function MergeCustomersDrawer({ group, onClose }: { group: DuplicateGroup; onClose: () => void }) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const sourceName = useSourceName();
  const views = useCustomerViews(group.customers.map((customer) => customer.id));
  const merge = useMergeCustomers();
  const [keepId, setKeepId] = useState<string | undefined>();
  const others = group.customers.filter((customer) => customer.id !== keepId);

  /** The value, its source on hover (as the Customer 360 shows it), and the source and time spelt out below. */
  const sourced = (customer: CustomerProfile, field: string, value: ReactNode) => {
    const origin = customer.fieldSources[field];
    return (
      <Space direction="vertical" size={0}>
        <Sourced sources={customer.fieldSources} field={field} sourceName={sourceName}>
          {value}
        </Sourced>
        {origin && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`merge-source-${field}`}>
            {t('imports.dup.source', { source: sourceName(origin.source), time: formatDateTime(origin.at) })}
          </Typography.Text>
        )}
      </Space>
    );
  };

  const rows: Row[] = [
    { key: 'name', label: t('imports.dup.col.name'), field: 'name', value: (customer) => customer.name },
    { key: 'phone', label: t('imports.dup.col.phone'), field: 'phone', value: (customer) => customer.phone },
    { key: 'email', label: t('imports.dup.col.email'), field: 'email', value: (customer) => customer.email ?? '—' },
    { key: 'province', label: t('imports.dup.col.province'), field: 'province', value: (customer) => customer.province ?? '—' },
    { key: 'city', label: t('imports.dup.col.city'), field: 'city', value: (customer) => customer.city ?? '—' },
    { key: 'idNumber', label: t('imports.dup.col.idNumber'), field: 'idNumber', value: (customer) => customer.idNumberMasked ?? '—' },
    { key: 'created', label: t('imports.dup.col.created'), value: (customer) => formatDateTime(customer.createdAt) },
    {
      key: 'vehicles',
      label: t('imports.dup.col.vehicles'),
      value: (customer) =>
        lines(
          'merge-vehicle',
          customer.vehicles.map((vehicle) => ({ id: vehicle.id, text: <>{vehicle.model} · <Typography.Text code>{vehicle.vin}</Typography.Text></> })),
        ),
    },
    { key: 'tickets', label: t('imports.dup.col.tickets'), value: (customer) => lines('merge-ticket', customer.tickets.map((ticket) => ({ id: ticket.id, text: `${ticket.number} ${ticket.subject}` }))) },
  ];

  const plan = (from: DuplicateRecord) =>
    t('imports.dup.plan', { keep: labelOf(group, keepId ?? ''), from: labelOf(group, from.id), vehicles: from.vehicles, tickets: from.tickets });

  const confirm = () =>
    merge.mutate(
      { intoId: keepId!, fromIds: others.map((customer) => customer.id) },
      {
        onSuccess: (merges) => {
          const moved = { vehicles: 0, tickets: 0, fields: 0 };
          for (const done of merges) {
            moved.vehicles += done.vehicles;
            moved.tickets += done.tickets;
            moved.fields += done.fields.length;
          }
          void message.success(t('imports.dup.done', { keep: labelOf(group, keepId!), ...moved }));
          onClose();
        },
        onError: (error: Error) => void message.error(error.message),
      },
    );

  return (
    <Drawer
      open
      size={Math.min(320 + 300 * group.customers.length, 1200)}
      title={t('imports.dup.compareTitle', { reason: t(`imports.dup.reason.${group.reason}`) })}
      onClose={onClose}
      data-testid="merge-drawer"
      footer={
        <Space direction="vertical" style={{ width: '100%' }}>
          {keepId ? (
            <Alert
              type="info"
              showIcon
              data-testid="merge-plan"
              message={
                <Space direction="vertical" size={0}>
                  {others.map((from) => (
                    <span key={from.id}>{plan(from)}</span>
                  ))}
                </Space>
              }
            />
          ) : (
            <Typography.Text type="secondary">{t('imports.dup.pick')}</Typography.Text>
          )}
          <Space>
            <Popconfirm title={t('imports.dup.confirm')} onConfirm={confirm} disabled={!keepId}>
              <Button type="primary" danger disabled={!keepId} loading={merge.isPending} data-testid="merge-confirm">
                {t('imports.dup.merge')}
              </Button>
            </Popconfirm>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </Space>
        </Space>
      }
    >
      <div style={{ overflowX: 'auto' }}>
        <Table<Row>
          size="small"
          rowKey="key"
          pagination={false}
          bordered
          loading={views.some((view) => view.isLoading)}
          dataSource={rows}
          data-testid="merge-compare"
          columns={[
            { title: '', key: 'label', width: 96, render: (_, row) => <Typography.Text type="secondary">{row.label}</Typography.Text> },
            ...group.customers.map((record, index) => ({
              key: record.id,
              title: (
                <Radio checked={keepId === record.id} onChange={() => setKeepId(record.id)} data-testid="merge-keep" data-customer-id={record.id}>
                  {t('imports.dup.keep', { label: labelOf(group, record.id) })}
                </Radio>
              ),
              onCell: () => ({ 'data-testid': `merge-record-${index + 1}` }) as object,
              render: (_: unknown, row: Row) => {
                const customer = views[index]?.data;
                if (!customer) return views[index]?.error ? <Typography.Text type="danger">{views[index].error.message}</Typography.Text> : '…';
                return row.field ? sourced(customer, row.field, row.value(customer)) : row.value(customer);
              },
            })),
          ]}
        />
      </div>
    </Drawer>
  );
}
