import { Button, Card, Empty, List, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { type DuplicateGroup, type DuplicateRecord, useDuplicateCustomers } from '../customer-merge-api';
import { MergeCustomersDrawer } from './MergeCustomersDrawer';

/** The group's key: its reason and records (a group has no id of its own). */
const groupKey = (group: DuplicateGroup) => `${group.reason}:${group.customers.map((customer) => customer.id).join(',')}`;

/**
 * 重复客户: records that look like one person (the same mobile, or the same name in the same city), each group with its
 * records. "比较并合并" opens them side by side, where the data team picks the record to keep and merges.
 */
export function DuplicateCustomers() {
  const { t } = useLocale();
  const duplicates = useDuplicateCustomers();
  const [open, setOpen] = useState<DuplicateGroup | undefined>();
  const groups = duplicates.data?.items ?? [];
  return (
    <Card size="small" title={t('imports.dup.title')} data-testid="duplicate-customers">
      <Typography.Paragraph type="secondary">{t('imports.dup.intro')}</Typography.Paragraph>
      <List<DuplicateGroup>
        loading={duplicates.isLoading}
        dataSource={groups}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.dup.empty')} /> }}
        renderItem={(group) => (
          <List.Item key={groupKey(group)} data-testid="duplicate-group" data-reason={group.reason} data-customers={group.customers.map((customer) => customer.id).join(',')}>
            <Card
              size="small"
              type="inner"
              style={{ width: '100%' }}
              title={<Tag color={group.reason === 'same_mobile' ? 'volcano' : 'gold'}>{t(`imports.dup.reason.${group.reason}`)}</Tag>}
              extra={
                <Button size="small" type="primary" onClick={() => setOpen(group)} data-testid="duplicate-compare">
                  {t('imports.dup.compare')}
                </Button>
              }
            >
              <Table<DuplicateRecord>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={group.customers}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('imports.dup.col.name'), dataIndex: 'name' },
                  { title: t('imports.dup.col.phone'), dataIndex: 'phoneMasked' },
                  { title: t('imports.dup.col.city'), key: 'city', render: (_, record) => record.city ?? '—' },
                  { title: t('imports.dup.col.idNumber'), key: 'idNumber', render: (_, record) => record.idNumberMasked ?? '—' },
                  { title: t('imports.dup.col.vehicles'), dataIndex: 'vehicles' },
                  { title: t('imports.dup.col.tickets'), dataIndex: 'tickets' },
                  { title: t('imports.dup.col.created'), key: 'created', render: (_, record) => formatDateTime(record.createdAt) },
                ]}
              />
            </Card>
          </List.Item>
        )}
      />
      {open && <MergeCustomersDrawer group={open} onClose={() => setOpen(undefined)} />}
    </Card>
  );
}
