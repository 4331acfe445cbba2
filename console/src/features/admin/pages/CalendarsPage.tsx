import { Alert, Button, Card, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import { getCalendarContract, listCalendarsContract, replaceCalendarYearContract, updateCalendarContract } from '@shared/contracts/sla.contracts';
import { useLocale } from '../../../i18n/useLocale';
import { useCanEdit } from '../AdminLayout';
import { useContractMutation, useContractQuery } from '../components/admin-api';
import { CalendarLegend, YearCalendar } from '../components/YearCalendar';

/** A calendar as `GET /api/calendars` lists it. */
type CalendarSummary = ContractResponse<typeof listCalendarsContract>['items'][number];
/** A calendar with its holidays and make-up working days (`GET /api/calendars/:id`). */
type Calendar = ContractResponse<typeof getCalendarContract>['calendar'];
type CalendarChange = ContractBody<typeof updateCalendarContract>;
type CalendarYear = ContractBody<typeof replaceCalendarYearContract>;

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
  const save = useContractMutation(updateCalendarContract, (body: CalendarChange) => ({ params: { id: calendar.id }, body }), { form });
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

type FormDay = { day: dayjs.Dayjs; kind: 'holiday' | 'workday'; name: string };

/** The day a clicked date is being made: a holiday, a make-up working day, or an ordinary day again. */
function DayModal({ day, current, onApply, onClose }: { day: string | null; current: FormDay | undefined; onApply: (change: { kind: 'holiday' | 'workday' | 'ordinary'; name: string }) => void; onClose: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ kind: 'holiday' | 'workday' | 'ordinary'; name: string }>();
  const [kind, setKind] = useState<'holiday' | 'workday' | 'ordinary'>(current?.kind ?? 'holiday');
  return (
    <Modal
      open={day !== null}
      title={day}
      destroyOnHidden
      onCancel={onClose}
      onOk={async () => {
        const values = await form.validateFields().catch(() => undefined);
        if (values) onApply({ kind: values.kind, name: (values.name ?? '').trim() });
      }}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'calendar-day-ok' } as Record<string, string>}
    >
      <Form form={form} layout="vertical" initialValues={{ kind: current?.kind ?? 'holiday', name: current?.name ?? '' }} onValuesChange={(changed: { kind?: 'holiday' | 'workday' | 'ordinary' }) => changed.kind && setKind(changed.kind)}>
        <Form.Item name="kind" label={t('admin.calendars.days')}>
          <Radio.Group
            data-testid="calendar-day-kind"
            options={[
              { value: 'holiday', label: t('admin.calendars.holiday') },
              { value: 'workday', label: t('admin.calendars.workday') },
              { value: 'ordinary', label: t('admin.calendars.ordinaryDay') },
            ]}
          />
        </Form.Item>
        {kind !== 'ordinary' && (
          <Form.Item name="name" label={t('admin.calendars.dayName')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input autoFocus data-testid="calendar-day-name-input" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/**
 * One year's holidays and make-up working days: shown as twelve month grids (click a date to mark it) or as the list
 * of dates; both edit the same form, saved as one PUT of the year.
 */
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
  const [view, setView] = useState<'calendar' | 'list'>('calendar');
  const [picked, setPicked] = useState<string | null>(null);
  const [edited, setEdited] = useState(false);
  const [form] = Form.useForm<{ days: FormDay[] }>();
  // What the grid shows: the form's days, copied whenever they change (set, edited in the list, picked in the grid).
  // Not Form.useWatch: with it (here and in the day modal) the page froze in rc-field-form's watcher batch.
  const [watched, setWatched] = useState<FormDay[]>([]);
  const save = useContractMutation(replaceCalendarYearContract, (body: CalendarYear) => ({ params: { id: calendar.id, year }, body }), { form });
  useEffect(() => {
    const days = (calendar.days ?? []).filter((day) => day.day.startsWith(`${year}-`));
    const formValues = days.map((day) => ({ day: dayjs(day.day), kind: day.kind, name: day.name ?? '' }));
    form.setFieldsValue({ days: formValues });
    setWatched(formValues);
    setEdited(false);
  }, [calendar.days, year, form]);
  // Weekdays without working hours are rest days (none on a 24×7 calendar): greyed in the grid.
  const restWeekdays = useMemo(() => new Set(calendar.alwaysOpen ? [] : WEEKDAYS.filter((day) => (calendar.weeklyHours[day] ?? []).length === 0).map(Number)), [calendar]);
  const marked = useMemo(
    () => (watched ?? []).filter((day): day is FormDay => Boolean(day?.day && day.kind)).map((day) => ({ day: dayjs(day.day).format('YYYY-MM-DD'), kind: day.kind, name: day.name ?? '' })),
    [watched],
  );
  const formDays = (): FormDay[] => form.getFieldValue('days') ?? [];
  const applyPicked = (change: { kind: 'holiday' | 'workday' | 'ordinary'; name: string }) => {
    if (!picked) return;
    const others = formDays().filter((day) => !day?.day || dayjs(day.day).format('YYYY-MM-DD') !== picked);
    const next = change.kind === 'ordinary' ? others : [...others, { day: dayjs(picked), kind: change.kind, name: change.name }];
    const sorted = next.sort((a, b) => (a.day && b.day ? a.day.valueOf() - b.day.valueOf() : 0));
    form.setFieldsValue({ days: sorted });
    setWatched(sorted);
    setEdited(true);
    setPicked(null);
  };
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) {
      // A problem sits in a row of the list: show it there.
      setView('list');
      return;
    }
    save.mutate({ days: (values.days ?? []).map((day) => ({ day: day.day.format('YYYY-MM-DD'), kind: day.kind, name: day.name.trim() })) }, { onSuccess: () => setEdited(false) });
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
        <Segmented
          value={view}
          onChange={(value) => setView(value as 'calendar' | 'list')}
          options={[
            { value: 'calendar', label: <span data-testid="calendar-view-calendar">{t('admin.calendars.viewCalendar')}</span> },
            { value: 'list', label: <span data-testid="calendar-view-list">{t('admin.calendars.viewList')}</span> },
          ]}
        />
      </Space>
      <Typography.Text type="secondary">{t('admin.calendars.yearHint')}</Typography.Text>
      {view === 'calendar' && (
        <>
          <CalendarLegend />
          {canEdit && <Typography.Text type="secondary">{t('admin.calendars.pickHint')}</Typography.Text>}
          <YearCalendar year={year} days={marked} restWeekdays={restWeekdays} onPick={canEdit ? setPicked : undefined} />
        </>
      )}
      <Form form={form} disabled={!canEdit} onFinish={submit} onValuesChange={() => (setEdited(true), setWatched(formDays()))}>
        <Form.List name="days">
          {(fields, { add, remove }) => (
            <>
              {/* Kept mounted in the calendar view: the grid edits these rows, and the save validates them. */}
              <div style={view === 'list' ? undefined : { display: 'none' }} data-testid="calendar-day-list">
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
              </div>
              {canEdit && (
                <Space style={{ marginTop: 8 }}>
                  {view === 'list' && (
                    <Button onClick={() => add({ kind: 'holiday', name: '', day: dayjs(`${year}-01-01`) })} data-testid="calendar-add-day">
                      {t('admin.calendars.addDay')}
                    </Button>
                  )}
                  <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="calendar-save-year">
                    {t('admin.calendars.saveYear', { year })}
                  </Button>
                  {edited && <Typography.Text type="warning">{t('admin.calendars.unsavedYear')}</Typography.Text>}
                </Space>
              )}
            </>
          )}
        </Form.List>
      </Form>
      <DayModal key={picked ?? 'none'} day={picked} current={picked ? formDays().find((day) => day?.day && dayjs(day.day).format('YYYY-MM-DD') === picked) : undefined} onApply={applyPicked} onClose={() => setPicked(null)} />
    </Space>
  );
}

/** Business calendars: weekly working hours or 24×7, and each year's holidays and make-up working days. */
export function CalendarsPage() {
  const { t } = useLocale();
  const calendars = useContractQuery(['calendars'], listCalendarsContract, {});
  const [selected, setSelected] = useState<string | null>(null);
  const id = selected ?? calendars.data?.items[0]?.id ?? null;
  const detail = useContractQuery(['calendar', id], getCalendarContract, id ? { params: { id } } : null);
  return (
    <Row gutter={16} data-testid="admin-calendars">
      <Col xs={24} lg={6}>
        <Table<CalendarSummary>
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
          <Row gutter={[16, 16]}>
            <Col xs={24} xxl={8}>
              <Card size="small" title={t('admin.calendars.weeklyHours')}>
                <WeeklyHoursForm calendar={detail.data.calendar} />
              </Card>
            </Col>
            {/* Twelve month grids want the width: below the weekly hours until the screen is very wide. */}
            <Col xs={24} xxl={16}>
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
