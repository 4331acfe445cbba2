import { PRIORITIES, PURCHASE_TIMINGS, TICKET_TYPES, type TicketType } from '@shared/tickets/ticket-vocabulary';
import { ROADSIDE_KINDS } from '@shared/roadside/roadside-vocabulary';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Spin, TreeSelect, Typography } from 'antd';
import { parseCoordinates } from '@shared/geo/coordinates';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { registerMessages } from '../../../i18n/registry';
import { useLocale } from '../../../i18n/useLocale';
import type { ConsoleLocale } from '../../../i18n/messages';
import { showValidationIssues } from '../../../lib/form-errors';
import { newIdempotencyKey } from '../../../lib/idempotency-key';
import { RoutingExplanation } from '../../tickets/components/RoutingExplanation';
import { useCategories } from '../../tickets/hooks/useReference';
import { categorySuggestionsKit } from './category-suggestions-kit';
import type { Category, CustomerProfile, Ticket } from '../../tickets/ticket.types';
import { useRoutingPreview } from '../useRoutingPreview';
import type { ContractBody } from '@shared/contracts/contract';
import { createTicketContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../../lib/api';

// The picker (Cascader) and the geocoding contracts load only when a roadside ticket is taken.
const RoadsideLocationFields = lazy(async () => ({ default: (await import('./RoadsideLocationFields')).RoadsideLocationFields }));
// The category suggestions and their words load once the form is shown (the workspace is a first page, at its budget).
const CategorySuggestions = lazy(async () => {
  const { CategorySuggestions, categorySuggestionsMessages } = await import('./CategorySuggestions');
  registerMessages(categorySuggestionsMessages);
  return { default: CategorySuggestions };
});

export interface TicketFormValues {
  type: TicketType;
  contactName?: string;
  contactPhone?: string;
  categoryId?: string;
  priority?: string;
  subject?: string;
  description?: string;
  address?: string;
  /** Typed or pasted, "lat, lng" or "lng, lat" (shared/src/geo/coordinates.ts reads both within China). */
  coordinates?: string;
  /** The coordinates came from the position picker (a district centre): not sent, the server geocodes the address. */
  coordinatesFromPicker?: boolean;
  purchaseTiming?: string;
  modelOfInterest?: string;
  roadsideType?: string;
  motorway?: boolean;
  callbackNumber?: string;
  peopleOnBoard?: number | null;
  injured?: boolean;
  dispatch: 'auto' | 'hold';
}

const trimmed = (value: string | undefined) => (value && value.trim() ? value.trim() : undefined);

/** What POST /api/tickets takes (its contract's body). */
export type CreateTicketBody = ContractBody<typeof createTicketContract>;

/**
 * The create-ticket body of the form's values, for the chosen type. Fields the agent left empty are left out, and the
 * API's VALIDATION_FAILED names them on the form: the body is the contract's shape with possibly missing fields.
 */
export function buildTicketRequest(values: Partial<TicketFormValues>, customerId?: string, vehicleId?: string): CreateTicketBody | null {
  if (!values.type) return null;
  const body: Record<string, unknown> = {
    type: values.type,
    channel: 'phone',
    contactName: trimmed(values.contactName),
    contactPhone: trimmed(values.contactPhone),
    subject: trimmed(values.subject),
    description: trimmed(values.description),
    dispatch: values.dispatch,
  };
  if (values.priority) body.priority = values.priority;
  if (values.categoryId) body.categoryId = values.categoryId;
  if (customerId) body.customerId = customerId;
  if (vehicleId) body.vehicleId = vehicleId;
  if (values.type === 'roadside') {
    const point = values.coordinates && !values.coordinatesFromPicker ? parseCoordinates(values.coordinates) : null;
    body.location = {
      address: trimmed(values.address),
      ...(point?.ok ? { lat: point.lat, lng: point.lng } : {}),
    };
    if (values.roadsideType) body.roadsideType = values.roadsideType;
    if (typeof values.motorway === 'boolean') body.motorway = values.motorway;
    if (trimmed(values.callbackNumber)) body.callbackNumber = trimmed(values.callbackNumber);
    if (typeof values.peopleOnBoard === 'number') body.peopleOnBoard = values.peopleOnBoard;
    if (typeof values.injured === 'boolean') body.injured = values.injured;
  }
  if (values.type === 'lead') {
    body.purchaseTiming = values.purchaseTiming;
    if (trimmed(values.modelOfInterest)) body.modelOfInterest = trimmed(values.modelOfInterest);
  }
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body as CreateTicketBody;
}

interface TreeNode {
  value: string;
  title: string;
  /** Shown once chosen: the path, since leaf names repeat (发动机 / 异响, 变速箱 / 异响). */
  label: string;
  searchText: string;
  children?: TreeNode[];
}

function categoryTree(categories: Category[], type: TicketType, locale: ConsoleLocale): TreeNode[] {
  const ofType = categories.filter((category) => category.ticketType === type && category.active);
  const byParent = new Map<string | null, Category[]>();
  for (const category of ofType) {
    const parent = ofType.some((other) => other.id === category.parentId) ? category.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), category]);
  }
  const build = (parent: string | null, trail: string[] = []): TreeNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((category) => {
        const title = locale === 'en' ? category.nameEn : category.nameZh;
        // The type's root (投诉) adds nothing to the path.
        const path = parent === null ? [] : [...trail, title];
        const children = build(category.id, path);
        return {
          value: category.id,
          title,
          label: path.length ? path.join(' / ') : title,
          searchText: `${category.nameZh} ${category.nameEn} ${category.code}`.toLowerCase(),
          children: children.length ? children : undefined,
        };
      });
  return build(null);
}

/**
 * The ticket form: fields follow the type (complaint: category and priority; roadside: location; lead: purchase
 * timing; enquiry held by default). Shows the routing preview before saving, and saves once with one
 * Idempotency-Key per form, so a double click or a retry never opens two tickets.
 */
export function TicketForm({ customer, vehicleId, onCreated }: { customer: CustomerProfile | null; vehicleId?: string; onCreated: (ticket: Ticket) => void }) {
  const { t, locale } = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<TicketFormValues>();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const [saving, setSaving] = useState(false);
  const categories = useCategories();
  const values = Form.useWatch([], form) as Partial<TicketFormValues> | undefined;
  const type = values?.type ?? 'complaint';
  const tree = useMemo(() => categoryTree(categories.data ?? [], type, locale), [categories.data, type, locale]);
  const draft = values ? buildTicketRequest({ ...values, type }, customer?.id, vehicleId) : null;
  const preview = useRoutingPreview(draft);
  const held = (values?.dispatch ?? 'auto') === 'hold';
  const openTickets = (customer?.tickets ?? []).filter((ticket) => !['resolved', 'closed', 'cancelled'].includes(ticket.status));

  // The contact defaults to the caller found in the lookup.
  const prefill = () => {
    if (customer) form.setFieldsValue({ contactName: customer.name, contactPhone: customer.phone });
  };
  useEffect(() => {
    prefill();
    // Keyboard flow: once the caller is found, focus moves to the ticket type (arrow keys change it, Tab goes on).
    if (customer) document.querySelector<HTMLInputElement>('[data-testid=ticket-form] .ant-radio-button-wrapper-checked input')?.focus();
  }, [customer?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (formValues: TicketFormValues) => {
    const body = buildTicketRequest(formValues, customer?.id, vehicleId);
    if (!body) return;
    setSaving(true);
    try {
      const result = await callApi(createTicketContract, { body }, { headers: { 'Idempotency-Key': idempotencyKey } });
      if (result.ticket) onCreated(result.ticket);
      form.resetFields();
      prefill();
      setIdempotencyKey(newIdempotencyKey());
    } catch (error) {
      const mapped = showValidationIssues(form, error, (path) => (path[0] === 'location' ? [path[1] === 'address' ? 'address' : 'coordinates'] : path));
      if (!mapped) void message.error((error as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, message: t('workspace.form.required') }];
  return (
    <Card title={t('workspace.form.title')} size="small" styles={{ body: { paddingBottom: 8 } }}>
      {!customer && <Alert type="info" showIcon title={t('workspace.form.noCustomer')} style={{ marginBottom: 12 }} />}
      {openTickets.length > 0 && (
        // A second ticket for the same problem splits the record: show what is already open for this caller.
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="open-tickets-warning"
          title={t('workspace.form.openTickets', { n: openTickets.length })}
          description={
            <Space wrap size={[12, 0]}>
              {openTickets.slice(0, 5).map((ticket) => (
                <Link key={ticket.id} to={`/tickets/${ticket.id}`}>
                  {ticket.number} {ticket.subject.slice(0, 16)}
                </Link>
              ))}
            </Space>
          }
        />
      )}
      <Form<TicketFormValues>
        form={form}
        layout="vertical"
        initialValues={{ type: 'complaint', dispatch: 'auto' }}
        onFinish={submit}
        onValuesChange={(changed: Partial<TicketFormValues>) => {
          // Enquiries are mostly answered on the call: held by default; everything else is dispatched on save.
          if (changed.type) form.setFieldsValue({ dispatch: changed.type === 'enquiry' ? 'hold' : 'auto', categoryId: undefined });
          // Coordinates the agent edits are theirs, no longer the picker's district centre.
          if ('coordinates' in changed) form.setFieldsValue({ coordinatesFromPicker: false });
        }}
                data-testid="ticket-form"
      >
        <Form.Item name="type" label={t('workspace.form.type')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="ticket-type">
            {TICKET_TYPES.map((value) => (
              <Radio.Button key={value} value={value}>
                <span data-testid={`ticket-type-${value}`}>{t(`ticketType.${value}`)}</span>
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="contactName" label={t('workspace.form.contactName')} rules={required}>
              <Input data-testid="ticket-contact-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="contactPhone" label={t('workspace.form.contactPhone')} rules={required}>
              <Input inputMode="tel" data-testid="ticket-contact-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} md={type === 'complaint' ? 16 : 24}>
            <Form.Item name="categoryId" label={t('workspace.form.category')} rules={type === 'complaint' ? required : undefined}>
              <TreeSelect
                showSearch={{
                  filterTreeNode: (input, node) => String((node as unknown as TreeNode).searchText ?? '').includes(input.toLowerCase()),
                }}
                allowClear
                treeData={tree}
                treeNodeLabelProp="label"
                placeholder={t('workspace.form.categorySearch')}
                loading={categories.isLoading}
                treeDefaultExpandAll={false}
                popupMatchSelectWidth={false}
                data-testid="ticket-category"
              />
            </Form.Item>
          </Col>
          {type === 'complaint' && (
            <Col xs={24} md={8}>
              <Form.Item name="priority" label={t('workspace.form.priority')}>
                <Select
                  allowClear
                  placeholder={t('workspace.form.priorityAuto')}
                  options={PRIORITIES.map((priority) => ({ value: priority, label: t(`priority.${priority}`) }))}
                  data-testid="ticket-priority"
                />
              </Form.Item>
            </Col>
          )}
          {tree.length > 0 && (
            <Col xs={24}>
              <Suspense fallback={null}>
                <CategorySuggestions kit={categorySuggestionsKit} form={form} tree={tree} type={type} values={values ?? {}} />
              </Suspense>
            </Col>
          )}
          {type === 'roadside' && (
            <>
              <Suspense fallback={<Col xs={24}><Spin size="small" /></Col>}>
                <RoadsideLocationFields />
              </Suspense>
              <Col xs={24}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('roadside.title')}</Typography.Text>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="roadsideType" label={t('roadside.intake.kind')} rules={required}>
                  <Select options={ROADSIDE_KINDS.map((value) => ({ value, label: t(`roadside.kind.${value}`) }))} data-testid="ticket-roadside-type" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="motorway" label={t('roadside.intake.motorway')}>
                  <Radio.Group optionType="button" options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} data-testid="ticket-roadside-motorway" />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="injured" label={t('roadside.intake.injured')} rules={required}>
                  <Radio.Group optionType="button" options={[{ value: true, label: t('common.yes') }, { value: false, label: t('common.no') }]} data-testid="ticket-roadside-injured" />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="callbackNumber" label={t('roadside.intake.callbackNumber')}>
                  <Input data-testid="ticket-roadside-callback" />
                </Form.Item>
              </Col>
              <Col xs={12}>
                <Form.Item name="peopleOnBoard" label={t('roadside.intake.people')} normalize={(value: string) => (value === '' || value === undefined ? undefined : Number(value))}>
                  <Input type="number" min={0} max={60} step={1} data-testid="ticket-roadside-people" />
                </Form.Item>
              </Col>
              {values?.injured === true && (
                <Col xs={24}>
                  <Alert type="error" showIcon title={t('roadside.emergency.title')} description={t('roadside.emergency.numbers')} data-testid="roadside-emergency" style={{ marginBottom: 12 }} />
                </Col>
              )}
            </>
          )}
          {type === 'lead' && (
            <>
              <Col xs={24} md={12}>
                <Form.Item name="purchaseTiming" label={t('workspace.form.purchaseTiming')} rules={required}>
                  <Select options={PURCHASE_TIMINGS.map((value) => ({ value, label: t(`purchaseTiming.${value}`) }))} data-testid="ticket-purchase-timing" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="modelOfInterest" label={t('workspace.form.modelOfInterest')}>
                  <Input />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24}>
            <Form.Item name="subject" label={t('workspace.form.subject')} rules={required}>
              <Input maxLength={200} data-testid="ticket-subject" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="description" label={t('workspace.form.description')} rules={required}>
              <Input.TextArea
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={5000}
                data-testid="ticket-description"
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.submit();
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="dispatch" label={t('workspace.form.dispatch')}>
              <Radio.Group
                options={[
                  { value: 'auto', label: t('workspace.form.dispatchAuto') },
                  { value: 'hold', label: t('workspace.form.dispatchHold') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Card
          size="small"
          type="inner"
          title={
            <Space>
              {t('workspace.preview.title')}
              {preview.pending && preview.ready && <Spin size="small" />}
            </Space>
          }
          style={{ marginBottom: 12, background: '#f7f9fc' }}
          data-testid="preview-panel"
        >
          {!preview.ready || !preview.data ? (
            <Typography.Text type="secondary">{t('workspace.preview.empty')}</Typography.Text>
          ) : (
            <Space direction="vertical" style={{ width: '100%', opacity: preview.pending ? 0.6 : 1 }}>
              {held && <Alert type="warning" showIcon title={t('workspace.preview.hold')} />}
              {type === 'roadside' && !held ? (
                <Alert type="info" showIcon title={t('roadside.preview')} data-testid="roadside-preview" />
              ) : (
                <RoutingExplanation decision={preview.data} preview />
              )}
            </Space>
          )}
          {preview.error && <Typography.Text type="danger">{preview.error.message}</Typography.Text>}
        </Card>
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button
            onClick={() => {
              form.resetFields();
              prefill();
            }}
          >
            {t('workspace.form.reset')}
          </Button>
          <Button type="primary" htmlType="submit" size="large" loading={saving} data-testid="ticket-submit">
            {t('workspace.form.submit')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
