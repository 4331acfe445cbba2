import { Button, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import { listDepartmentsAdminContract, updateDepartmentContract } from '@shared/contracts/admin.contracts';
import { listCalendarsContract } from '@shared/contracts/sla.contracts';
import { useContractMutation, useContractQuery } from '../components/admin-api';

type Department = ContractResponse<typeof listDepartmentsAdminContract>['items'][number];

function DepartmentModal({ department, onClose }: { department: Department; onClose: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const calendars = useContractQuery(['calendars'], listCalendarsContract, {});
  const update = useContractMutation(updateDepartmentContract, (body: ContractBody<typeof updateDepartmentContract>) => ({ params: { id: department.id }, body }), { form });
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values) update.mutate({ ...values, calendarId: values.calendarId ?? null }, { onSuccess: onClose });
  };
  return (
    <Modal open title={department.code} onOk={save} onCancel={onClose} confirmLoading={update.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" onFinish={save} initialValues={department}>
        <Form.Item name="nameZh" label={t('admin.nameZh')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="nameEn" label={t('admin.nameEn')} rules={[{ required: true, whitespace: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="notificationEmails" label={t('admin.notificationEmails')} extra={t('admin.emailsHint')} rules={[{ type: 'array', max: 10, defaultField: { type: 'email' } }]}>
          <Select mode="tags" tokenSeparators={[',', ' ', ';']} open={false} data-testid="department-emails" />
        </Form.Item>
        <Form.Item name="calendarId" label={t('admin.calendar')}>
          <Select allowClear placeholder={t('admin.departments.standardCalendar')} options={(calendars.data?.items ?? []).map((calendar) => ({ value: calendar.id, label: calendar.name }))} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** Departments: names, where their mail goes, the calendar their internal clocks count on. */
export function DepartmentsPage() {
  const { t } = useLocale();
  const departments = useContractQuery(['departments'], listDepartmentsAdminContract, {});
  const calendars = useContractQuery(['calendars'], listCalendarsContract, {});
  const [editing, setEditing] = useState<Department | null>(null);
  const calendarName = (id: string | null) => calendars.data?.items.find((calendar) => calendar.id === id)?.name ?? t('admin.departments.standardCalendar');

  return (
    <div data-testid="admin-departments">
      <Table<Department>
        rowKey="id"
        size="small"
        loading={departments.isLoading}
        dataSource={departments.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('admin.code'), dataIndex: 'code', width: 150 },
          { title: t('admin.nameZh'), dataIndex: 'nameZh' },
          { title: t('admin.nameEn'), dataIndex: 'nameEn' },
          { title: t('admin.notificationEmails'), dataIndex: 'notificationEmails', render: (emails: string[]) => emails.map((email) => <Tag key={email}>{email}</Tag>) },
          { title: t('admin.calendar'), dataIndex: 'calendarId', render: (id: string | null) => calendarName(id) },
          {
            title: '',
            width: 80,
            render: (_value, department) => (
              <Button size="small" onClick={() => setEditing(department)} data-testid="department-edit">
                {t('admin.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <DepartmentModal department={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
