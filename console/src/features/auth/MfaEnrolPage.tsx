import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { queryKeys } from '../../lib/query-keys';
import { mfaConfirmContract, mfaEnrolContract } from '@shared/contracts/auth.contracts';
import { callApi } from '../../lib/api';

/**
 * TOTP enrolment: the QR image and the secret as text, a code to confirm, then the recovery codes, shown once, until
 * the user says they saved them. Reached after a sign-in whose role requires TOTP, or by choice.
 */
export function MfaEnrolPage() {
  const { t } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const start = useMutation({ mutationFn: () => callApi(mfaEnrolContract, {}) });
  const confirm = useMutation({ mutationFn: (code: string) => callApi(mfaConfirmContract, { body: { code } }) });
  const [started, setStarted] = useState(false);
  useEffect(() => {
    if (!started) {
      setStarted(true);
      start.mutate();
    }
  }, [started, start]);

  const finish = async () => {
    await queryClient.invalidateQueries({ queryKey: queryKeys.session });
    navigate('/', { replace: true });
  };

  return (
    <div style={{ minHeight: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 440, maxWidth: '100%' }} title={confirm.data ? t('auth.mfa.recoveryTitle') : t('auth.mfa.enrolTitle')}>
        {start.error && <Alert type="error" showIcon title={start.error.message} data-testid="mfa-enrol-error" />}
        {!start.data && !start.error && <Spin />}
        {start.data && !confirm.data && (
          <>
            <Typography.Paragraph>{t('auth.mfa.enrolIntro')}</Typography.Paragraph>
            <div style={{ textAlign: 'center' }}>
              <img src={start.data.qrDataUrl} alt="otpauth QR" width={220} height={220} data-testid="mfa-qr" />
            </div>
            <Typography.Paragraph>
              {t('auth.mfa.secret')}: <Typography.Text code copyable data-testid="mfa-secret">{start.data.secret}</Typography.Text>
            </Typography.Paragraph>
            {confirm.error && <Alert type="error" showIcon title={confirm.error.message} style={{ marginBottom: 16 }} data-testid="mfa-confirm-error" />}
            <Form<{ code: string }> layout="vertical" requiredMark={false} onFinish={({ code }) => confirm.mutate(code.trim())}>
              <Form.Item label={t('auth.mfa.code')} name="code" rules={[{ required: true, message: t('auth.required') }]}>
                <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} data-testid="mfa-enrol-code" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={confirm.isPending} data-testid="mfa-enrol-submit">
                {t('auth.mfa.confirm')}
              </Button>
            </Form>
          </>
        )}
        {confirm.data && (
          <>
            <Typography.Paragraph>{t('auth.mfa.recoveryIntro')}</Typography.Paragraph>
            <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} data-testid="mfa-recovery-codes">
              {confirm.data.recoveryCodes.map((code) => (
                <Typography.Text key={code} code>
                  {code}
                </Typography.Text>
              ))}
            </Space>
            <Button type="primary" block onClick={finish} data-testid="mfa-recovery-saved">
              {t('auth.mfa.saved')}
            </Button>
          </>
        )}
      </Card>
    </div>
  );
}
