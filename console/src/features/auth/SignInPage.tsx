import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useLocale } from '../../i18n/useLocale';
import { useSession, useSignIn, useVerifySecondFactor } from './useSession';

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
  if (signIn.data?.next === 'enrol') return <Navigate to="/mfa/enrol" replace />;
  if (signIn.data?.next === 'mfa') return <SecondFactorStep />;

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

/** After the right password of a user with TOTP: a 6-digit code, or one of the recovery codes. */
function SecondFactorStep() {
  const { t } = useLocale();
  const verify = useVerifySecondFactor();
  const [recovery, setRecovery] = useState(false);
  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg, #1f4e8c 0%, #0f2747 100%)', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }} title={t('auth.mfa.title')}>
        <Typography.Paragraph type="secondary">{t('auth.mfa.prompt')}</Typography.Paragraph>
        {verify.error && <Alert type="error" showIcon title={verify.error.message} style={{ marginBottom: 16 }} data-testid="mfa-error" />}
        <Form<{ value: string }>
          key={recovery ? 'recovery' : 'code'}
          layout="vertical"
          requiredMark={false}
          onFinish={({ value }) => verify.mutate(recovery ? { recoveryCode: value.trim() } : { code: value.trim() })}
        >
          <Form.Item label={recovery ? t('auth.mfa.recoveryCode') : t('auth.mfa.code')} name="value" rules={[{ required: true, message: t('auth.required') }]}>
            <Input autoFocus autoComplete="one-time-code" inputMode={recovery ? 'text' : 'numeric'} maxLength={recovery ? 20 : 6} data-testid="mfa-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="mfa-submit">
            {t('auth.mfa.verify')}
          </Button>
        </Form>
        <Button type="link" style={{ paddingInline: 0, marginTop: 8 }} onClick={() => setRecovery(!recovery)} data-testid="mfa-toggle-recovery">
          {recovery ? t('auth.mfa.useCode') : t('auth.mfa.useRecovery')}
        </Button>
      </Card>
    </div>
  );
}
