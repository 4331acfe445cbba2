import { Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import type { ContractResponse } from '@shared/contracts/contract';
import { issueApiKeyContract, listApiKeysContract, revokeApiKeyContract } from '@shared/contracts/admin.contracts';
import { useAllDealers, useContractMutation, useContractQuery } from '../components/admin-api';

type ApiKey = ContractResponse<typeof listApiKeysContract>['items'][number];

/** API keys of dealer systems: issue (the key is shown once), see when used, revoke. */
export function ApiKeysPage() {
  const { t, locale } = useLocale();
  const dealers = useAllDealers();
  const keys = useContractQuery(['api-keys'], listApiKeysContract, {});
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<string | null>(null);
  const [form] = Form.useForm();
  const create = useContractMutation(issueApiKeyContract, (body: { dealerId: string; name: string }) => ({ body }), { form, success: false });
  const revoke = useContractMutation(revokeApiKeyContract, (key: { id: string }) => ({ params: { id: key.id } }));
  const dealerName = (id: string) => {
    const dealer = dealers.data?.items.find((item) => item.id === id);
    return dealer ? `${dealer.code} ${nameOf(dealer, locale)}` : id;
  };
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values) create.mutate(values, { onSuccess: (result) => (form.resetFields(), setCreating(false), setIssued(result.key)) });
  };
  return (
    <div data-testid="admin-api-keys">
      <Button type="primary" style={{ marginBottom: 12 }} onClick={() => setCreating(true)} data-testid="api-key-create">
        {t('admin.apiKeys.create')}
      </Button>
      <Table<ApiKey>
        rowKey="id"
        size="small"
        loading={keys.isLoading}
        dataSource={keys.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.apiKeys.name'), dataIndex: 'name' },
          { title: t('admin.apiKeys.prefix'), dataIndex: 'prefix', render: (prefix: string) => <Typography.Text code>ck_{prefix}_…</Typography.Text> },
          { title: t('admin.users.dealer'), dataIndex: 'dealerId', render: dealerName },
          { title: t('admin.users.createdAt'), dataIndex: 'createdAt', render: (value: string) => formatDateTime(value) },
          { title: t('admin.apiKeys.lastUsed'), dataIndex: 'lastUsedAt', render: (value: string | null) => formatDateTime(value) },
          {
            title: '',
            width: 120,
            render: (_value, key) =>
              key.revokedAt ? (
                <Tag>{t('admin.apiKeys.revoked')}</Tag>
              ) : (
                <Popconfirm title={t('admin.apiKeys.confirmRevoke')} onConfirm={() => revoke.mutate({ id: key.id })}>
                  <Button size="small" danger data-testid="api-key-revoke">
                    {t('admin.apiKeys.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('admin.apiKeys.create')} onOk={save} onCancel={() => setCreating(false)} confirmLoading={create.isPending} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="dealerId" label={t('admin.users.dealer')} rules={[{ required: true }]}>
            <Select autoFocus showSearch optionFilterProp="label" options={(dealers.data?.items ?? []).filter((dealer) => dealer.active).map((dealer) => ({ value: dealer.id, label: `${dealer.code} ${nameOf(dealer, locale)}` }))} />
          </Form.Item>
          <Form.Item name="name" label={t('admin.apiKeys.name')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input placeholder="DMS" />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      </Modal>
      <Modal open={issued !== null} title={t('admin.apiKeys.issued')} onOk={() => setIssued(null)} onCancel={() => setIssued(null)} cancelButtonProps={{ style: { display: 'none' } }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('admin.apiKeys.shownOnce')} />
          <Typography.Paragraph copyable code data-testid="api-key-secret">
            {issued}
          </Typography.Paragraph>
        </Space>
      </Modal>
    </div>
  );
}
