import type { Role } from '@careline/shared';
import { scopeOfRole } from '@shared/auth/actor';
import { ROLES } from '@shared/tickets/ticket-vocabulary';
import { Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { useSession } from '../../auth/useSession';
import { useDepartments } from '../../tickets/hooks/useReference';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import {
  createUserContract,
  deactivateUserContract,
  listUsersContract,
  reactivateUserContract,
  resetUserMfaContract,
  resetUserPasswordContract,
  updateUserContract,
} from '@shared/contracts/admin.contracts';
import { useAllDealers, useContractMutation, useContractQuery } from '../components/admin-api';

type DirectoryUser = ContractResponse<typeof listUsersContract>['items'][number];

const PAGE_SIZE = 20;
const scopeOf = (role: string | undefined) => (role ? scopeOfRole(role as Role) : 'none');

/** The fields a user form shows: the dealer or department select follows the chosen role. */
function UserFields({ creating }: { creating: boolean }) {
  const { t, locale } = useLocale();
  const dealers = useAllDealers();
  const departments = useDepartments();
  const role = Form.useWatch('role');
  const scope = scopeOf(role);
  return (
    <>
      {creating && (
        <Form.Item name="username" label={t('admin.users.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$/, message: t('admin.users.usernameRule') }]}>
          <Input autoFocus autoComplete="off" data-testid="user-username" />
        </Form.Item>
      )}
      <Form.Item name="displayName" label={t('admin.users.displayName')} rules={[{ required: true, whitespace: true, max: 60 }]}>
        <Input autoFocus={!creating} data-testid="user-display-name" />
      </Form.Item>
      <Form.Item name="email" label={t('admin.users.email')} rules={[{ type: 'email' }]}>
        <Input data-testid="user-email" />
      </Form.Item>
      <Form.Item name="role" label={t('admin.users.role')} rules={[{ required: true }]}>
        <Select options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))} data-testid="user-role" />
      </Form.Item>
      {scope === 'dealer' && (
        <Form.Item name="dealerId" label={t('admin.users.dealer')} rules={[{ required: true }]}>
          <Select showSearch optionFilterProp="label" options={(dealers.data?.items ?? []).map((dealer) => ({ value: dealer.id, label: `${dealer.code} ${nameOf(dealer, locale)}` }))} data-testid="user-dealer" />
        </Form.Item>
      )}
      {scope === 'department' && (
        <Form.Item name="departmentId" label={t('admin.users.department')} rules={[{ required: true }]}>
          <Select options={(departments.data ?? []).map((department) => ({ value: department.id, label: nameOf(department, locale) }))} data-testid="user-department" />
        </Form.Item>
      )}
      {creating && (
        <Form.Item name="password" label={t('admin.users.initialPassword')} rules={[{ required: true, min: 10, message: t('admin.users.passwordRule') }]}>
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
      )}
    </>
  );
}

type ScopeFields = { role?: string; email?: string | null; dealerId?: string | null; departmentId?: string | null };

/** The scope fields the API expects for the role: the other one null. */
function withScope<V extends ScopeFields>(values: V) {
  const scope = scopeOf(values.role);
  return {
    ...values,
    email: values.email ? values.email : null,
    dealerId: scope === 'dealer' ? values.dealerId : null,
    departmentId: scope === 'department' ? values.departmentId : null,
  };
}

/** Create or edit a user; mounted while open, so each opening starts from the user's values. */
function UserModal({ user, onClose }: { user: DirectoryUser | 'new'; onClose: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const create = useContractMutation(createUserContract, (values: ContractBody<typeof createUserContract>) => ({ body: withScope(values) }), { form });
  const update = useContractMutation(updateUserContract, (values: ContractBody<typeof updateUserContract>) => ({ params: { id: (user as DirectoryUser).id }, body: withScope(values) }), { form });
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    (user === 'new' ? create : update).mutate(values, { onSuccess: onClose });
  };
  return (
    <Modal
      open
      title={user === 'new' ? t('admin.users.create') : t('admin.users.editTitle', { name: user.username })}
      onOk={save}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'user-save' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" onFinish={save} initialValues={user === 'new' ? { role: 'agent' } : user}>
        <UserFields creating={user === 'new'} />
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}

/** Sets a new password (≥ 10 characters); the API ends the user's sessions. */
function ResetPasswordModal({ user, onClose }: { user: DirectoryUser; onClose: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm();
  const reset = useContractMutation(resetUserPasswordContract, (body: ContractBody<typeof resetUserPasswordContract>) => ({ params: { id: user.id }, body }), { form, success: t('admin.users.passwordReset') });
  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values) reset.mutate(values, { onSuccess: onClose });
  };
  return (
    <Modal open title={t('admin.users.resetTitle', { name: user.username })} onOk={save} onCancel={onClose} confirmLoading={reset.isPending} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Typography.Paragraph type="secondary">{t('admin.users.resetHint')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item name="password" label={t('admin.users.newPassword')} rules={[{ required: true, min: 10, message: t('admin.users.passwordRule') }]}>
          <Input.Password autoFocus autoComplete="new-password" data-testid="reset-password-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Users: filter, page, create, change, deactivate/reactivate, reset a password. */
export function UsersPage() {
  const { t, locale } = useLocale();
  const { user: me } = useSession();
  const dealers = useAllDealers();
  const departments = useDepartments();
  const [filters, setFilters] = useState<{ role?: Role; q?: string; active?: 'true' | 'false' }>({ active: 'true' });
  const [page, setPage] = useState(1);
  const query = { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const users = useContractQuery(['users', query], listUsersContract, { query });
  const [editing, setEditing] = useState<DirectoryUser | 'new' | null>(null);
  const [resetting, setResetting] = useState<DirectoryUser | null>(null);
  // A user who lost their authenticator: cleared, signed out, enrols again at the next sign-in.
  const resetMfa = useContractMutation(resetUserMfaContract, (target: { id: string }) => ({ params: { id: target.id } }));
  const reactivate = useContractMutation(reactivateUserContract, (target: { id: string }) => ({ params: { id: target.id } }));
  const deactivate = useContractMutation(deactivateUserContract, (target: { id: string }) => ({ params: { id: target.id } }));
  const setActive = (target: { id: string; active: boolean }) => (target.active ? reactivate : deactivate).mutate({ id: target.id });
  const dealerName = (id: string | null) => nameOf(dealers.data?.items.find((dealer) => dealer.id === id), locale);
  const departmentName = (id: string | null) => nameOf(departments.data?.find((department) => department.id === id), locale);

  const open = (user: DirectoryUser | 'new') => setEditing(user);

  return (
    <div data-testid="admin-users">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('admin.users.search')} onSearch={(value) => (setFilters({ ...filters, q: value.trim() || undefined }), setPage(1))} style={{ width: 220 }} data-testid="users-search" />
        <Select allowClear placeholder={t('admin.users.role')} value={filters.role} onChange={(role) => (setFilters({ ...filters, role }), setPage(1))} style={{ width: 150 }} options={ROLES.map((value) => ({ value, label: t(`role.${value}`) }))} data-testid="users-role-filter" />
        <Select<'true' | 'false' | ''>
          value={filters.active ?? ''}
          onChange={(active) => (setFilters({ ...filters, active: active || undefined }), setPage(1))}
          style={{ width: 120 }}
          options={[
            { value: 'true', label: t('admin.users.activeOnly') },
            { value: 'false', label: t('admin.users.inactiveOnly') },
            { value: '', label: t('common.all') },
          ]}
        />
        <Button type="primary" onClick={() => open('new')} data-testid="user-create">
          {t('admin.users.create')}
        </Button>
      </Space>
      <Table<DirectoryUser>
        rowKey="id"
        size="small"
        loading={users.isLoading}
        dataSource={users.data?.items ?? []}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: users.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={(user) => ({ 'data-testid': 'user-row', 'data-username': user.username }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('admin.users.username'), dataIndex: 'username', width: 130, render: (value: string, user) => (
              <Typography.Text delete={!user.active} style={{ whiteSpace: 'nowrap' }}>
                {value}
              </Typography.Text>
            ) },
          { title: t('admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('admin.users.role'), dataIndex: 'role', render: (role: string) => <Tag>{t(`role.${role}`)}</Tag> },
          { title: t('admin.users.scope'), render: (_value, user) => (user.dealerId ? dealerName(user.dealerId) : user.departmentId ? departmentName(user.departmentId) : '—') },
          { title: t('admin.users.email'), dataIndex: 'email', render: (value: string | null) => value ?? '—' },
          { title: t('admin.users.mfa'), dataIndex: 'mfaEnabledAt', width: 90, render: (value: string | null) => (value ? <Tag color="green">{t('admin.users.mfaOn')}</Tag> : '—') },
          { title: t('admin.users.createdAt'), dataIndex: 'createdAt', width: 140, render: (value: string) => formatDateTime(value) },
          {
            title: '',
            width: 360,
            render: (_value, user) => (
              <Space size={4}>
                <Button size="small" onClick={() => open(user)} data-testid="user-edit">
                  {t('admin.edit')}
                </Button>
                <Button size="small" onClick={() => setResetting(user)} data-testid="user-reset-password">
                  {t('admin.users.resetPassword')}
                </Button>
                {user.mfaEnabledAt && (
                  <Popconfirm title={t('admin.users.confirmResetMfa')} onConfirm={() => resetMfa.mutate({ id: user.id })}>
                    <Button size="small" data-testid="user-reset-mfa">
                      {t('admin.users.resetMfa')}
                    </Button>
                  </Popconfirm>
                )}
                {user.id !== me?.id && (
                <Popconfirm title={t(user.active ? 'admin.users.confirmDeactivate' : 'admin.users.confirmReactivate')} onConfirm={() => setActive({ id: user.id, active: !user.active })}>
                  <Button size="small" danger={user.active} data-testid={user.active ? 'user-deactivate' : 'user-reactivate'}>
                    {t(user.active ? 'admin.users.deactivate' : 'admin.users.reactivate')}
                  </Button>
                </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <UserModal user={editing} onClose={() => setEditing(null)} />}
      {resetting && <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />}
    </div>
  );
}
