import { Button, Drawer, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import { getDealerNotificationSettingsContract, updateDealerNotificationSettingsContract } from '@shared/contracts/notification-settings.contracts';
import type { listDealersContract } from '@shared/contracts/reference.contracts';
import { setDealerCampaignAssigneeContract } from '@shared/contracts/callbacks.contracts';
import { useCanEdit } from '../AdminLayout';
import { useAllDealers, useContractMutation, useContractQuery } from '../components/admin-api';

type Dealer = ContractResponse<typeof listDealersContract>['items'][number];

const CONTACT_ROLES = ['service_manager', 'sales_manager', 'general_manager'];

function SettingsDrawer({ dealer, onClose }: { dealer: Dealer | null; onClose: () => void }) {
  const { t, locale } = useLocale();
  const canEdit = useCanEdit();
  const [form] = Form.useForm();
  const settings = useContractQuery(['dealer-settings', dealer?.id], getDealerNotificationSettingsContract, dealer ? { params: { id: dealer.id } } : null);
  const save = useContractMutation(updateDealerNotificationSettingsContract, (body: ContractBody<typeof updateDealerNotificationSettingsContract>) => ({ params: { id: dealer!.id }, body }), { form });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data.settings);
  }, [settings.data, form]);
  return (
    <Drawer
      open={dealer !== null}
      onClose={onClose}
      width={640}
      title={dealer ? `${dealer.code} ${nameOf(dealer, locale)}` : ''}
      destroyOnHidden
      extra={
        canEdit && (
          <Button type="primary" loading={save.isPending} onClick={async () => {
            const values = await form.validateFields().catch(() => undefined);
            if (values) save.mutate(values);
          }} data-testid="dealer-settings-save">
            {t('common.save')}
          </Button>
        )
      }
    >
      <Form form={form} layout="vertical" disabled={!canEdit} onFinish={(values) => save.mutate(values)}>
        <Form.Item name="notificationEmails" label={t('admin.notificationEmails')} extra={t('admin.emailsHint')} rules={[{ type: 'array', min: 1, max: 10, defaultField: { type: 'email' } }]}>
          <Select mode="tags" tokenSeparators={[',', ' ', ';']} open={false} data-testid="dealer-emails" />
        </Form.Item>
        <Form.List name="escalationContacts">
          {(fields, { add, remove }) => (
            <>
              <div style={{ marginBottom: 8 }}>{t('admin.dealers.contacts')}</div>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'role']} rules={[{ required: true, min: 2 }]}>
                    <Select style={{ width: 150 }} options={CONTACT_ROLES.map((value) => ({ value, label: t(`admin.dealers.contactRole.${value}`) }))} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                    <Input placeholder={t('admin.dealers.contactName')} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'email']} rules={[{ required: true, type: 'email' }]}>
                    <Input placeholder="name@dealer.example" style={{ width: 180 }} />
                  </Form.Item>
                  {/* For a contact without a login; a user's own language setting wins. Language names in their own script. */}
                  <Form.Item name={[field.name, 'locale']}>
                    <Select
                      allowClear
                      data-testid="dealer-contact-locale"
                      style={{ width: 110 }}
                      placeholder={t('admin.dealers.contactLocale')}
                      options={[
                        { value: 'zh-CN', label: '中文' },
                        { value: 'en', label: 'English' },
                      ]}
                    />
                  </Form.Item>
                  <Button type="text" danger onClick={() => remove(field.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ role: 'service_manager', name: '', email: '' })} disabled={fields.length >= 10} data-testid="dealer-contact-add">
                {t('admin.dealers.addContact')}
              </Button>
            </>
          )}
        </Form.List>
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}

/** Who makes a dealer's new-vehicle calls (新车回访): admins change it here, supervisors read it. */
function CampaignCallerSelect({ dealer }: { dealer: Dealer }) {
  const { t } = useLocale();
  const canEdit = useCanEdit();
  const save = useContractMutation(setDealerCampaignAssigneeContract, (assignee: 'dealer' | 'hotline') => ({ params: { id: dealer.id }, body: { assignee } }));
  return (
    <Select
      size="small"
      value={dealer.campaignCallbacks}
      disabled={!canEdit}
      loading={save.isPending}
      onChange={(assignee) => save.mutate(assignee)}
      options={(['dealer', 'hotline'] as const).map((value) => ({ value, label: t(`admin.dealers.campaignCallbacks.${value}`) }))}
      style={{ width: 130 }}
      data-testid="dealer-campaign-callbacks"
    />
  );
}

/** Dealers with their capacity and capabilities; a drawer shows and edits notification addresses and escalation contacts. */
export function DealersPage() {
  const { t, locale } = useLocale();
  const dealers = useAllDealers();
  const [text, setText] = useState('');
  const [open, setOpen] = useState<Dealer | null>(null);
  const needle = text.trim().toLowerCase();
  const rows = (dealers.data?.items ?? []).filter((dealer) => !needle || `${dealer.code} ${dealer.nameZh} ${dealer.nameEn} ${dealer.city}`.toLowerCase().includes(needle));
  return (
    <div data-testid="admin-dealers">
      <Input.Search allowClear placeholder={t('admin.dealers.search')} value={text} onChange={(event) => setText(event.target.value)} style={{ width: 260, marginBottom: 12 }} data-testid="dealers-search" />
      <Table<Dealer>
        rowKey="id"
        size="small"
        loading={dealers.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 15, showSizeChanger: false }}
        onRow={(dealer) => ({ 'data-testid': 'dealer-row', 'data-dealer-code': dealer.code }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.code'), dataIndex: 'code', width: 120 },
          { title: t('admin.name'), render: (_value, dealer) => nameOf(dealer, locale) },
          { title: t('admin.dealers.city'), render: (_value, dealer) => `${dealer.province} ${dealer.city}` },
          { title: t('admin.dealers.capabilities'), dataIndex: 'capabilities', render: (values: string[]) => values.map((value) => <Tag key={value}>{t(`admin.dealers.capability.${value}`)}</Tag>) },
          { title: t('admin.dealers.capacity'), dataIndex: 'capacity', width: 90 },
          { title: t('admin.sla.active'), dataIndex: 'active', width: 70, render: (active: boolean) => (active ? <Tag color="green">✓</Tag> : <Tag>—</Tag>) },
          { title: t('admin.dealers.campaignCallbacks'), width: 150, render: (_value, dealer) => <CampaignCallerSelect dealer={dealer} /> },
          {
            title: '',
            width: 110,
            render: (_value, dealer) => (
              <Button size="small" onClick={() => setOpen(dealer)} data-testid="dealer-settings">
                {t('admin.dealers.notifications')}
              </Button>
            ),
          },
        ]}
      />
      <SettingsDrawer dealer={open} onClose={() => setOpen(null)} />
    </div>
  );
}
