import { App, Col, DatePicker, Divider, Form, Input, Modal, Radio, Row } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { isApiError } from '../../../lib/api-client';
import { showValidationIssues } from '../../../lib/form-errors';
import type { CustomerProfile } from '../../tickets/ticket.types';
import { createCustomerContract, getCustomerContract } from '@shared/contracts/customers.contracts';
import { callApi } from '../../../lib/api';

interface RegisterValues {
  kind: 'person' | 'company';
  name: string;
  phone: string;
  province?: string;
  city?: string;
  vin?: string;
  model?: string;
  plate?: string;
  purchaseDate?: Dayjs;
}

const blankToUndefined = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

/**
 * A caller who is not on record yet. The API applies the cleansing rules (name, 11-digit mobile, VIN check digit);
 * a known phone or VIN answers DUPLICATE with the existing record, which is then opened instead.
 */
export function RegisterCallerModal({
  open,
  initial,
  onClose,
  onRegistered,
}: {
  open: boolean;
  initial: { phone?: string; vin?: string; plate?: string };
  onClose: () => void;
  onRegistered: (customer: CustomerProfile) => void;
}) {
  const { t } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<RegisterValues>();
  const [saving, setSaving] = useState(false);

  const submit = async (values: RegisterValues) => {
    const vin = blankToUndefined(values.vin);
    const body = {
      kind: values.kind,
      name: values.name,
      phone: values.phone,
      province: blankToUndefined(values.province),
      city: blankToUndefined(values.city),
      vehicles: vin
        ? [{ vin, model: values.model?.trim() || '—', plate: blankToUndefined(values.plate), purchaseDate: values.purchaseDate?.format('YYYY-MM-DD') }]
        : [],
    };
    setSaving(true);
    try {
      const { customer } = await callApi(createCustomerContract, { body });
      onRegistered(customer);
      form.resetFields();
    } catch (error) {
      const existingId = isApiError(error, 'DUPLICATE') ? (error.details?.existingId as string | undefined) : undefined;
      if (existingId) {
        const { customer } = await callApi(getCustomerContract, { params: { id: existingId } });
        void message.info(t('workspace.register.duplicate'));
        onRegistered(customer);
        return;
      }
      const mapped = showValidationIssues(form, error, (path) => (path[0] === 'vehicles' ? [String(path[2])] : path));
      if (!mapped) void message.error((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('workspace.register.title')}
      okText={t('workspace.register.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'register-submit' } as Record<string, string>}
    >
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'person', phone: initial.phone ?? '', vin: initial.vin ?? '', plate: initial.plate ?? '' }}
        onFinish={submit}
      >
        <Form.Item name="kind" label={t('workspace.register.kind')}>
          <Radio.Group
            options={[
              { label: t('workspace.customer.person'), value: 'person' },
              { label: t('workspace.customer.company'), value: 'company' },
            ]}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('workspace.register.name')} rules={[{ required: true, message: t('workspace.form.required') }]}>
              <Input autoFocus data-testid="register-name" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="phone" label={t('workspace.register.phone')} rules={[{ required: true, message: t('workspace.form.required') }]}>
              <Input inputMode="tel" data-testid="register-phone" />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="province" label={t('workspace.register.province')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="city" label={t('workspace.register.city')}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('workspace.register.vehicle')}
        </Divider>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="vin" label={t('workspace.register.vin')} normalize={(value: string) => value?.toUpperCase()}>
              <Input maxLength={17} data-testid="register-vin" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="model" label={t('workspace.register.model')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="plate" label={t('workspace.register.plate')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="purchaseDate" label={t('workspace.register.purchaseDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
