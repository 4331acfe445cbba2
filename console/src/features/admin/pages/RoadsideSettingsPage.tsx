import { getRoadsideSettingsContract, updateRoadsideSettingsContract } from '@shared/contracts/admin.contracts';
import { OFFER_SECONDS_MAX, OFFER_SECONDS_MIN } from '@shared/roadside/roadside-settings.schemas';
import { Button, Card, Form, InputNumber, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime } from '../../../lib/format';
import { useCanEdit } from '../AdminLayout';
import { useContractMutation, useContractQuery } from '../components/admin-api';

/**
 * Roadside dispatch settings: how long a rescue provider has to answer an offer. Admins change it (30–3600 s, or back
 * to the environment's default); supervisors read it. New offers get it; offers already out keep their due time.
 */
export function RoadsideSettingsPage() {
  const { t } = useLocale();
  const canEdit = useCanEdit();
  const [form] = Form.useForm<{ offerSeconds: number | null }>();
  const settings = useContractQuery(['roadside-settings'], getRoadsideSettingsContract, {});
  const update = useContractMutation(updateRoadsideSettingsContract, (body: { offerSeconds: number | null }) => ({ body }), { form });
  const data = settings.data;
  useEffect(() => {
    if (data) form.setFieldsValue({ offerSeconds: data.source === 'setting' ? data.offerSeconds : null });
  }, [data, form]);
  return (
    <Card size="small" title={t('admin.roadside.title')} data-testid="admin-roadside">
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {data && (
          <Typography.Text data-testid="roadside-offer-seconds-now">
            {t(data.source === 'setting' ? 'admin.roadside.now.setting' : 'admin.roadside.now.environment', { n: data.offerSeconds })}
            {data.updatedAt ? ` · ${formatDateTime(data.updatedAt)}` : ''}
          </Typography.Text>
        )}
        <Form form={form} layout="inline" disabled={!canEdit} onFinish={(values) => update.mutate({ offerSeconds: values.offerSeconds ?? null })}>
          <Form.Item
            name="offerSeconds"
            label={t('admin.roadside.offerSeconds')}
            extra={t('admin.roadside.hint', { min: OFFER_SECONDS_MIN, max: OFFER_SECONDS_MAX, env: data?.environmentOfferSeconds ?? '—' })}
            rules={[{ type: 'integer', min: OFFER_SECONDS_MIN, max: OFFER_SECONDS_MAX, message: t('admin.roadside.range', { min: OFFER_SECONDS_MIN, max: OFFER_SECONDS_MAX }) }]}
          >
            <InputNumber min={1} precision={0} addonAfter={t('admin.roadside.seconds')} placeholder={String(data?.environmentOfferSeconds ?? '')} data-testid="roadside-offer-seconds" />
          </Form.Item>
          {canEdit && (
            <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="roadside-settings-save">
              {t('common.save')}
            </Button>
          )}
        </Form>
      </Space>
    </Card>
  );
}
