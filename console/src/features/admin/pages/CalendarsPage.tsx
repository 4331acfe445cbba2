import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { useCanEdit } from '../AdminLayout';
import { useAdminMutation, useAdminQuery } from '../components/admin-api';

type WeeklyHours = Partial<Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', Array<[string, string]>>>;
interface CalendarDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}
interface Calendar {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  weeklyHours: WeeklyHours;
  alwaysOpen: boolean;
  days?: CalendarDay[];
}

const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;

/** "08:30-12:00, 13:00-18:00" ⇄ [["08:30","12:00"],["13:00","18:00"]]. */
const spansToText = (spans: Array<[string, string]> | undefined) => (spans ?? []).map(([start, end]) => `${start}-${end}`).join(', ');
function textToSpans(text: string): Array<[string, string]> {
  return text
    .split(/[,，;]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split(/\s*[-–~]\s*/) as [string, string]);
}
const SPANS_PATTERN = /^\s*$|^\s*\d{2}:\d{2}\s*[-–~]\s*\d{2}:\d{2}(\s*[,，;]\s*\d{2}:\d{2}\s*[-–~]\s*\d{2}:\d{2})*\s*$/;

function WeeklyHoursForm({ calendar }: { calendar: Calendar }) {
  const { t } = useLocale();
  const canEdit = useCanEdit();
  const [form] = Form.useForm();
  const save = useAdminMutation<Record<string, unknown>>('PATCH', () => `/api/calendars/${calendar.id}`, { form });
  const alwaysOpen = Boolean(Form.useWatch('alwaysOpen', form) ?? calendar.alwaysOpen);
  useEffect(() => {
    form.setFieldsValue({ name: calendar.name, alwaysOpen: calendar.alwaysOpen, ...Object.fromEntries(WEEKDAYS.map((day) => [`day${day}`, spansToText(calendar.weeklyHours[day])])) });
  }, [calendar, form]);
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const weeklyHours = Object.fromEntries(WEEKDAYS.map((day) => [day, textToSpans(values[`day${day}`] ?? '')]).filter(([, spans]) => spans.length > 0));
    save.mutate({ name: values.name, alwaysOpen: values.alwaysOpen, weeklyHours });
  };
  return (
    <Form form={form} layout="horizontal" labelCol={{ span: 6 }} disabled={!canEdit} onFinish={submit}>
      <Form.Item name="name" label={t('admin.name')} rules={[{ required: true, min: 2, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="alwaysOpen" label={t('admin.calendars.alwaysOpen')} valuePropName="checked">
        <Switch data-testid="calendar-always-open" />
      </Form.Item>
      {/* A 24×7 calendar has no weekly hours: empty weekdays would read as rest days. Kept mounted, so they are saved. */}
      {alwaysOpen && (
        <Form.Item label={t('admin.calendars.weeklyHours')}>
          <Typography.Text strong data-testid="calendar-all-hours">
            {t('admin.calendars.allHours')}
          </Typography.Text>
        </Form.Item>
      )}
      {WEEKDAYS.map((day) => (
        <Form.Item key={day} hidden={alwaysOpen} name={`day${day}`} label={t(`admin.calendars.weekday.${day}`)} rules={[{ pattern: SPANS_PATTERN, message: t('admin.calendars.spansRule') }]}>
          <Input placeholder={t('admin.calendars.closed')} data-testid={`calendar-day-${day}`} />
        </Form.Item>
      ))}
      {canEdit && (
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save-hours">
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}

function YearDays({ calendar }: { calendar: Calendar }) {
  const { t } = useLocale();
  const canEdit = useCanEdit();
  const years = useMemo(() => {
    const present = new Set((calendar.days ?? []).map((day) => Number(day.day.slice(0, 4))));
    const current = new Date().getFullYear();
    for (const year of [current, current + 1]) present.add(year);
    return [...present].sort();
  }, [calendar.days]);
  const [year, setYear] = useState(new Date().getFullYear());
  const [extraYear, setExtraYear] = useState<number | null>(null);
  const [form] = Form.useForm<{ days: Array<{ day: dayjs.Dayjs; kind: 'holiday' | 'workday'; name: string }> }>();
  const save = useAdminMutation<{ days: CalendarDay[] }>('PUT', () => `/api/calendars/${calendar.id}/years/${year}`, { form });
  useEffect(() => {
    const days = (calendar.days ?? []).filter((day) => day.day.startsWith(`${year}-`));
    form.setFieldsValue({ days: days.map((day) => ({ ...day, day: dayjs(day.day) })) });
  }, [calendar.days, year, form]);
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    save.mutate({ days: (values.days ?? []).map((day) => ({ day: day.day.format('YYYY-MM-DD'), kind: day.kind, name: day.name.trim() })) });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select value={year} onChange={setYear} style={{ width: 110 }} options={[...new Set([...years, ...(extraYear ? [extraYear] : [])])].map((value) => ({ value, label: value }))} data-testid="calendar-year" />
        {canEdit && (
          <Space.Compact>
            <InputNumber min={2000} max={2100} placeholder={t('admin.calendars.otherYear')} onChange={(value) => setExtraYear(typeof value === 'number' ? value : null)} />
            <Button disabled={!extraYear} onClick={() => extraYear && setYear(extraYear)}>
              {t('common.open')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      <Typography.Text type="secondary">{t('admin.calendars.yearHint')}</Typography.Text>
      <Form form={form} disabled={!canEdit} onFinish={submit}>
        <Form.List name="days">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  <Form.Item name={[field.name, 'day']} rules={[{ required: true }]}>
                    <DatePicker minDate={dayjs(`${year}-01-01`)} maxDate={dayjs(`${year}-12-31`)} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                    <Select
                      style={{ width: 130 }}
                      options={[
                        { value: 'holiday', label: t('admin.calendars.holiday') },
                        { value: 'workday', label: t('admin.calendars.workday') },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true, max: 100 }]}>
                    <Input placeholder={t('admin.calendars.dayName')} style={{ width: 160 }} />
                  </Form.Item>
                  <Button type="text" danger onClick={() => remove(field.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              {canEdit && (
                <Space>
                  <Button onClick={() => add({ kind: 'holiday', name: '', day: dayjs(`${year}-01-01`) })} data-testid="calendar-add-day">
                    {t('admin.calendars.addDay')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save-year">
                    {t('admin.calendars.saveYear', { year })}
                  </Button>
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Space>
  );
}

/** Business calendars: weekly working hours or 24×7, and each year's holidays and make-up working days. */
export function CalendarsPage() {
  const { t } = useLocale();
  const calendars = useAdminQuery<{ items: Calendar[] }>(['calendars'], '/api/calendars');
  const [selected, setSelected] = useState<string | null>(null);
  const id = selected ?? calendars.data?.items[0]?.id ?? null;
  const detail = useAdminQuery<{ calendar: Calendar }>(['calendar', id], id ? `/api/calendars/${id}` : null);
  return (
    <Row gutter={16} data-testid="admin-calendars">
      <Col xs={24} lg={6}>
        <Table<Calendar>
          rowKey="id"
          size="small"
          loading={calendars.isLoading}
          dataSource={calendars.data?.items ?? []}
          pagination={false}
          rowClassName={(calendar) => (calendar.id === id ? 'ant-table-row-selected' : '')}
          onRow={(calendar) => ({ onClick: () => setSelected(calendar.id), style: { cursor: 'pointer' }, 'data-testid': 'calendar-row' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('admin.name'),
              dataIndex: 'name',
              render: (name: string, calendar) => (
                <Space size={4} wrap>
                  {name}
                  {calendar.alwaysOpen && <Tag color="blue">{t('admin.calendars.allHours')}</Tag>}
                </Space>
              ),
            },
            { title: t('admin.code'), dataIndex: 'code', render: (code: string) => <Typography.Text type="secondary">{code}</Typography.Text> },
          ]}
        />
      </Col>
      <Col xs={24} lg={18}>
        {!detail.data ? (
          <Alert type="info" title={t('common.loading')} />
        ) : (
          <Row gutter={16}>
            <Col xs={24} xl={10}>
              <Card size="small" title={t('admin.calendars.weeklyHours')}>
                <WeeklyHoursForm calendar={detail.data.calendar} />
              </Card>
            </Col>
            <Col xs={24} xl={14}>
              <Card size="small" title={t('admin.calendars.days')}>
                <YearDays calendar={detail.data.calendar} />
              </Card>
            </Col>
          </Row>
        )}
      </Col>
    </Row>
  );
}
