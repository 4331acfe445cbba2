import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Divider, Form, Input, Space, Typography } from 'antd';
import { Link, Navigate, useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from './useSession';
import { changePasswordContract, mfaDisableContract, mfaStatusContract } from '@shared/contracts/auth.contracts';
import { callApi } from '../../lib/api';

/** My account: two-factor sign-in (set up, or turn off where the role allows) and changing one's password. */
export function AccountPage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { user, isLoading } = useSession();
  const mfa = useQuery({ queryKey: ['account', 'mfa'], queryFn: () => callApi(mfaStatusContract, {}), enabled: Boolean(user) });
  const disable = useMutation({
    mutationFn: (code: string) => callApi(mfaDisableContract, { body: { code } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['account', 'mfa'] }),
  });
  const [passwordForm] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const changePassword = useMutation({
    mutationFn: (values: { currentPassword: string; newPassword: string }) => callApi(changePasswordContract, { body: values }),
    onSuccess: () => passwordForm.resetFields(),
  });
  if (!isLoading && !user) return <Navigate to="/login" replace />;

  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 460, maxWidth: '100%' }} title={t('auth.account.title')} extra={<Link to="/">{t('auth.account.back')}</Link>} data-testid="account-page">
        {mfa.data && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text data-testid="account-mfa-state">
              {mfa.data.enabled ? t('auth.account.mfaOn', { count: mfa.data.recoveryCodesLeft }) : t('auth.account.mfaOff')}
            </Typography.Text>
            {!mfa.data.enabled && (
              <Button type="primary" onClick={() => navigate('/mfa/enrol')} data-testid="account-mfa-enrol">
                {t('auth.account.enrol')}
              </Button>
            )}
            {mfa.data.enabled && mfa.data.required && <Typography.Text type="secondary">{t('auth.account.mfaRequired')}</Typography.Text>}
            {mfa.data.enabled && !mfa.data.required && (
              <Form<{ code: string }> layout="inline" requiredMark={false} onFinish={({ code }) => disable.mutate(code.trim())}>
                <Form.Item name="code" rules={[{ required: true, message: t('auth.required') }]}>
                  <Input placeholder={t('auth.mfa.code')} inputMode="numeric" maxLength={6} style={{ width: 120 }} data-testid="account-mfa-code" />
                </Form.Item>
                <Button danger htmlType="submit" loading={disable.isPending} data-testid="account-mfa-disable">
                  {t('auth.account.disable')}
                </Button>
              </Form>
            )}
            {disable.error && <Alert type="error" showIcon title={disable.error.message} />}
          </Space>
        )}
        <Divider />
        <Typography.Title level={5} style={{ marginTop: 0 }}>{t('auth.account.passwordTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.account.passwordRules')}</Typography.Paragraph>
        {changePassword.error && <Alert type="error" showIcon title={changePassword.error.message} style={{ marginBottom: 16 }} data-testid="account-password-error" />}
        {changePassword.isSuccess && <Alert type="success" showIcon title={t('auth.account.done')} style={{ marginBottom: 16 }} />}
        <Form form={passwordForm} layout="vertical" requiredMark={false} onFinish={(values) => changePassword.mutate(values)}>
          <Form.Item name="currentPassword" label={t('auth.account.currentPassword')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('auth.account.newPassword')} rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={changePassword.isPending}>
            {t('auth.account.changePassword')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
