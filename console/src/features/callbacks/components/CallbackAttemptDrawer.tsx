import { CALLBACK_RESULTS, type CallbackResult, isUnhappy } from '@shared/callbacks/callback-rules';
import { getCallbackContract, recordCallbackAttemptContract } from '@shared/contracts/callbacks.contracts';
import type { ContractBody } from '@shared/contracts/contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, type DescriptionsProps, Drawer, Form, Input, Radio, Rate, Select, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { showValidationIssues } from '../../../lib/form-errors';
import { queryKeys } from '../../../lib/query-keys';
import { type CallbackAttempt, type CallbackTask, type RecordedCallback, responsibleOf } from '../callback.types';
import { reasonName, useCallbackReasons } from '../hooks/useCallbackReasons';

type AttemptBody = ContractBody<typeof recordCallbackAttemptContract>;

interface AttemptForm {
  result: CallbackResult;
  satisfaction?: number;
  solved?: boolean;
  reasonCode?: string;
  comment?: string;
}

const SCORES = [1, 2, 3, 4, 5] as const;

/** What the drawer records a call on: a resolution's task or a campaign call, with what saving will do in words. */
export interface CallTarget {
  id: string;
  version: number;
  title: string;
  details: DescriptionsProps['items'];
  queryKey: readonly unknown[];
  load: () => Promise<{ version: number; status: string; attempts: CallbackAttempt[] }>;
  record: (body: AttemptBody) => Promise<unknown>;
  /** What saving will do: not reached, reached and unhappy, reached and content. */
  preview: { retry: string; unhappy: string; content: string };
  /** The "solved" question's words (a campaign call asks whether the car is free of problems). */
  solvedLabel?: string;
}

/**
 * Records one callback call: the result; when reached, satisfaction 1–5, whether the problem is really solved and,
 * when unhappy, a reason from the taxonomy. Says before saving what the answer will do to the ticket. The task's
 * version is the one read when the drawer opened: if someone else records a call meanwhile, the API answers 409, the
 * drawer refreshes and the agent saves again knowingly.
 */
export function CallbackAttemptDrawer({ task, onClose, onRecorded }: { task: CallbackTask; onClose: () => void; onRecorded: (answer: RecordedCallback) => void }) {
  const { t, locale } = useLocale();
  const party = responsibleOf(task, locale) ?? t('common.none');
  const target: CallTarget = {
    id: task.id,
    version: task.version,
    title: t('callbacks.form.title', { number: task.ticket?.number ?? '' }),
    details: [
      {
        key: 'customer',
        label: t('callbacks.col.customer'),
        children: <CustomerToDial name={task.ticket?.contactName} phone={task.ticket?.contactPhone} />,
      },
      { key: 'subject', label: t('tickets.col.subject'), children: task.ticket?.subject },
      { key: 'responsible', label: t('callbacks.col.responsible'), children: party },
      { key: 'resolvedAt', label: t('callbacks.col.resolvedAt'), children: formatDateTime(task.ticket?.resolvedAt) },
    ],
    queryKey: queryKeys.callbackTask(task.id),
    load: async () => (await callApi(getCallbackContract, { params: { id: task.id } })).task,
    record: (body) => callApi(recordCallbackAttemptContract, { params: { id: task.id }, body }),
    preview: { retry: t('callbacks.form.willRetry'), unhappy: t('callbacks.form.willReopen', { party }), content: t('callbacks.form.willClose') },
  };
  return <CallAttemptDrawer target={target} onClose={onClose} onRecorded={(answer) => onRecorded(answer as RecordedCallback)} />;
}

/** The customer's name and the number to dial (copyable). */
export function CustomerToDial({ name, phone }: { name?: string; phone?: string | null }) {
  return (
    <Space size={8}>
      {name}
      {phone && (
        <Typography.Text className="careline-mono" copyable={{ text: phone }}>
          {phone}
        </Typography.Text>
      )}
    </Space>
  );
}

/** The drawer itself, for any call target. */
export function CallAttemptDrawer({ target, onClose, onRecorded }: { target: CallTarget; onClose: () => void; onRecorded: (answer: unknown) => void }) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<AttemptForm>();
  const reasons = useCallbackReasons();
  const [version, setVersion] = useState(target.version);
  const [problem, setProblem] = useState<string | null>(null);
  const detail = useQuery({ queryKey: target.queryKey, queryFn: target.load });
  const result = Form.useWatch('result', form);
  const satisfaction = Form.useWatch('satisfaction', form);
  const solved = Form.useWatch('solved', form);
  const reached = result === 'reached';
  const answered = reached && satisfaction !== undefined && solved !== undefined;
  const unhappy = answered && isUnhappy({ satisfaction, solved });
  const settled = detail.data !== undefined && detail.data.status !== 'open';

  const record = useMutation({
    mutationFn: (body: AttemptBody) => target.record(body),
    onSuccess: onRecorded,
    onError: async (error) => {
      if (showValidationIssues(form, error)) return;
      if (isApiError(error, 'VERSION_CONFLICT')) {
        // Keep what the agent entered; read the task again so its latest calls show, and save on that version.
        const fresh = await detail.refetch();
        if (fresh.data) setVersion(fresh.data.version);
        setProblem(`${error.message} ${t('callbacks.form.conflict')}`);
        return;
      }
      if (isApiError(error, 'UNKNOWN_REFERENCE')) {
        form.setFields([{ name: 'reasonCode', errors: [error.message] }]);
        return;
      }
      setProblem(error.message);
    },
  });

  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setProblem(null);
    const comment = values.comment?.trim() || undefined;
    if (values.result !== 'reached') {
      record.mutate({ version, result: values.result, comment });
      return;
    }
    const body: AttemptBody = { version, result: 'reached', satisfaction: values.satisfaction, solved: values.solved, comment };
    if (isUnhappy({ satisfaction: values.satisfaction, solved: values.solved })) body.reasonCode = values.reasonCode;
    record.mutate(body);
  };

  const attempts = detail.data?.attempts ?? [];
  return (
    <Drawer
      open
      size={520}
      onClose={onClose}
      title={target.title}
      destroyOnHidden
      data-testid="callback-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={save} loading={record.isPending} disabled={settled} data-testid="callback-submit">
            {t('callbacks.form.submit')}
          </Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={target.details}
      />

      {attempts.length > 0 && (
        <>
          <Typography.Text type="secondary">{t('callbacks.form.history')}</Typography.Text>
          <Timeline
            style={{ marginTop: 8 }}
            items={attempts.map((attempt) => ({
              key: attempt.attempt,
              color: attempt.result === 'reached' ? 'green' : 'gray',
              content: (
                <div data-testid="callback-attempt">
                  <Space size={4} wrap>
                    <Tag>{t(`callbackResult.${attempt.result}`)}</Tag>
                    {attempt.satisfaction !== null && <span>{t(`satisfaction.${attempt.satisfaction}`)}</span>}
                    {attempt.reasonCode && <Tag color="volcano">{reasonName(reasons.data, attempt.reasonCode, locale) ?? attempt.reasonCode}</Tag>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {attempt.calledBy ?? ''} · {formatDateTime(attempt.calledAt)}
                    </Typography.Text>
                  </Space>
                  {attempt.comment && <div>“{attempt.comment}”</div>}
                </div>
              ),
            }))}
          />
        </>
      )}

      {settled && <Alert type="info" showIcon title={t('callbacks.form.settled')} style={{ marginBottom: 12 }} data-testid="callback-settled" />}
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="callback-error" />}

      <Form<AttemptForm> form={form} layout="vertical" onFinish={save} initialValues={{ result: 'reached' }} disabled={settled}>
        <Form.Item name="result" label={t('callbacks.form.result')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={CALLBACK_RESULTS.map((value) => ({ value, label: <span data-testid={`callback-result-${value}`}>{t(`callbackResult.${value}`)}</span> }))}
          />
        </Form.Item>
        {reached && (
          <>
            <Form.Item label={t('callbacks.form.satisfaction')} required>
              <Space size={12} data-testid="callback-satisfaction">
                <Form.Item name="satisfaction" noStyle rules={[{ required: true, message: t('callbacks.form.satisfactionRequired') }]}>
                  <Rate tooltips={SCORES.map((score) => t(`satisfaction.${score}`))} allowClear={false} />
                </Form.Item>
                {satisfaction !== undefined && <Typography.Text data-testid="callback-satisfaction-label">{t(`satisfaction.${satisfaction}`)}</Typography.Text>}
              </Space>
            </Form.Item>
            <Form.Item name="solved" label={target.solvedLabel ?? t('callbacks.form.solved')} rules={[{ required: true, message: t('callbacks.form.solvedRequired') }]}>
              <Radio.Group>
                <Radio value={true}>
                  <span data-testid="callback-solved-yes">{t('common.yes')}</span>
                </Radio>
                <Radio value={false}>
                  <span data-testid="callback-solved-no">{t('common.no')}</span>
                </Radio>
              </Radio.Group>
            </Form.Item>
            {unhappy && (
              <Form.Item name="reasonCode" label={t('callbacks.form.reason')} rules={[{ required: true, message: t('callbacks.form.reasonRequired') }]}>
                <Select
                  placeholder={t('callbacks.form.reasonRequired')}
                  loading={reasons.isLoading}
                  options={(reasons.data ?? []).map((reason) => ({ value: reason.code, label: locale === 'en' ? reason.nameEn : reason.nameZh }))}
                  data-testid="callback-reason"
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="comment" label={t('callbacks.form.comment')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="callback-comment" />
        </Form.Item>
        {result && (!reached || answered) && (
          <Alert
            type={unhappy ? 'warning' : reached ? 'success' : 'info'}
            title={!reached ? target.preview.retry : unhappy ? target.preview.unhappy : target.preview.content}
            data-testid="callback-preview"
          />
        )}
        <button type="submit" hidden />
      </Form>
    </Drawer>
  );
}
