import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useLocale } from '../../i18n/useLocale';
import { useSession, useSignIn } from './useSession';

interface SignInValues {
  username: string;
  password: string;
}

export function SignInPage() {
  const { t } = useLocale();
  const { user } = useSession();
  const signIn = useSignIn();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  if (user) return <Navigate to={from && from !== '/login' ? from : '/'} replace />;

  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #1f4e8c 0%, #0f2747 100%)', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }} extra={<LanguageSwitch />} title={t('app.name')}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t('auth.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
        {signIn.error && <Alert type="error" showIcon title={signIn.error.message} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
        <Form<SignInValues> layout="vertical" onFinish={(values) => signIn.mutate(values)} requiredMark={false}>
          <Form.Item label={t('auth.username')} name="username" rules={[{ required: true, message: t('auth.required') }]}>
            <Input autoFocus autoComplete="username" data-testid="sign-in-username" />
          </Form.Item>
          <Form.Item label={t('auth.password')} name="password" rules={[{ required: true, message: t('auth.required') }]}>
            <Input.Password autoComplete="current-password" data-testid="sign-in-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="sign-in-submit">
            {t('auth.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>{t('auth.demoHint')}</Typography.Paragraph>
      </Card>
    </div>
  );
}
