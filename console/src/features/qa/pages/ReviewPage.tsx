import { getQaReviewContract, submitQaReviewContract } from '@shared/contracts/qa.contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Rate, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Problem } from '../../../app/ErrorPage';
import { PageLoading } from '../../../app/PageLoading';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { cardName, itemLabel, type QaReview } from '../qa.types';

interface ReviewForm {
  answers: Record<string, boolean | number | undefined>;
  comment?: string;
}

const SCALE = [1, 2, 3, 4, 5] as const;

/** The key an issue of VALIDATION_FAILED names (`answers.<key>`, as a dotted string or a list). */
function issueKey(path: unknown): string | null {
  const parts = Array.isArray(path) ? path.map(String) : typeof path === 'string' ? path.split('.') : [];
  return parts[0] === 'answers' && parts[1] ? parts[1] : null;
}

/**
 * One sampled ticket's review: the scorecard's items (yes/no as two buttons, 1–5 as stars), a comment, and after
 * saving the weighted score out of 100. A review already done can be revised. Saved on the version read: when someone
 * else saved meanwhile the API answers 409, the page reads the review again and keeps what was entered.
 */
export function ReviewPage() {
  const { id = '' } = useParams();
  const { t, locale } = useLocale();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ReviewForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const review = useQuery({
    queryKey: queryKeys.qaReview(id),
    queryFn: async () => (await callApi(getQaReviewContract, { params: { id } })).review,
    // A refetch must not overwrite what the reviewer is entering.
    refetchOnWindowFocus: false,
  });
  const data = review.data;

  // Fill the form once per review (and again after a save or a conflict's reread only through `reset`).
  const [filledFor, setFilledFor] = useState<string | null>(null);
  useEffect(() => {
    if (!data || filledFor === data.id) return;
    form.setFieldsValue({ answers: data.answers ?? {}, comment: data.comment ?? undefined });
    setFilledFor(data.id);
  }, [data, filledFor, form]);

  const submit = useMutation({
    mutationFn: (values: ReviewForm & { version: number }) =>
      callApi(submitQaReviewContract, {
        params: { id },
        body: { version: values.version, answers: values.answers as Record<string, boolean | number>, comment: values.comment?.trim() || undefined },
      }),
    onSuccess: ({ review: fresh }) => {
      queryClient.setQueryData(queryKeys.qaReview(id), fresh);
      void queryClient.invalidateQueries({ queryKey: ['qa', 'reviews'] });
      void queryClient.invalidateQueries({ queryKey: ['qa', 'scores'] });
      setSaved(true);
    },
    onError: async (error) => {
      if (isApiError(error, 'VALIDATION_FAILED') && data) {
        const issues = (error.details?.issues ?? []) as Array<{ path: unknown }>;
        const fields = issues
          .map((issue) => issueKey(issue.path))
          .filter((key): key is string => key !== null)
          .map((key) => {
            const item = data.scorecard.items.find((candidate) => candidate.key === key);
            return { name: ['answers', key] as ['answers', string], errors: [item?.kind === 'scale' ? t('qa.review.answerScale') : t('qa.review.answerYesNo')] };
          });
        if (fields.length > 0) {
          form.setFields(fields);
          setProblem(t('qa.review.answerAll'));
          return;
        }
      }
      if (isApiError(error, 'VERSION_CONFLICT')) {
        // Keep the answers entered; the next save goes on the version just read.
        await review.refetch();
        setProblem(`${error.message} ${t('qa.review.conflict')}`);
        return;
      }
      setProblem(error.message);
    },
  });

  if (review.isLoading) return <PageLoading />;
  if (review.error || !data) return <Problem title={t('qa.review.notFound')} detail={review.error?.message} />;

  const save = async () => {
    setSaved(false);
    const values = await form.validateFields().catch(() => undefined);
    if (!values) {
      setProblem(t('qa.review.answerAll'));
      return;
    }
    setProblem(null);
    submit.mutate({ ...values, version: data.version });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 900 }} data-testid="qa-review-page" data-version={data.version}>
      <ReviewHeader review={data} />
      <Card size="small" title={`${t('qa.review.scorecard')}: ${cardName(data.scorecard, locale)} (${data.scorecard.code})`}>
        <Form<ReviewForm> form={form} layout="vertical" onFinish={save} data-testid="qa-review-form">
          {data.scorecard.items.map((item) => (
            <Form.Item
              key={item.key}
              name={['answers', item.key]}
              label={
                <Space size={6}>
                  {itemLabel(item, locale)}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('qa.review.weight', { n: item.weight })}
                  </Typography.Text>
                </Space>
              }
              rules={[{ required: true, message: item.kind === 'scale' ? t('qa.review.answerScale') : t('qa.review.answerYesNo') }]}
              data-testid={`qa-item-${item.key}`}
            >
              {item.kind === 'yes_no' ? (
                <Radio.Group optionType="button">
                  <Radio value={true}>
                    <span data-testid={`qa-item-${item.key}-yes`}>{t('common.yes')}</span>
                  </Radio>
                  <Radio value={false}>
                    <span data-testid={`qa-item-${item.key}-no`}>{t('common.no')}</span>
                  </Radio>
                </Radio.Group>
              ) : (
                <Rate count={5} allowClear={false} tooltips={SCALE.map((value) => `${value}/5`)} />
              )}
            </Form.Item>
          ))}
          <Form.Item name="comment" label={t('qa.review.comment')} rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="qa-review-comment" />
          </Form.Item>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 12 }} data-testid="qa-review-error" />}
          <Space>
            <Button type="primary" htmlType="submit" loading={submit.isPending} data-testid="qa-review-submit">
              {data.completedAt ? t('qa.review.revise') : t('qa.review.submit')}
            </Button>
            <Link to={`/qa/reviews?month=${data.month}${data.dealerId ? `&dealerId=${data.dealerId}` : ''}`}>{t('qa.review.back')}</Link>
          </Space>
        </Form>
      </Card>
      {data.score !== null && (
        <Card size="small" data-testid="qa-review-result">
          <Space size={24} wrap align="center">
            <Statistic title={t('qa.col.score')} value={data.score} suffix="/ 100" valueRender={(node) => <span data-testid="qa-review-score">{node}</span>} />
            <Typography.Text type="secondary">
              {t('qa.review.by', { name: data.reviewerName ?? '—', time: formatDateTime(data.completedAt) })}
            </Typography.Text>
            {saved && <Tag color="green" data-testid="qa-review-saved">{t('qa.review.saved')}</Tag>}
          </Space>
        </Card>
      )}
    </Space>
  );
}

function ReviewHeader({ review }: { review: QaReview }) {
  const { t } = useLocale();
  return (
    <Card size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'ticket',
            label: t('qa.col.ticket'),
            children: (
              <Link to={`/tickets/${review.ticketId}`} className="careline-mono" data-testid="qa-review-ticket-link">
                {review.ticket.number}
              </Link>
            ),
          },
          { key: 'subject', label: t('qa.col.subject'), children: review.ticket.subject },
          { key: 'dealer', label: t('qa.col.dealer'), children: review.dealerName ?? '—' },
          { key: 'closedAt', label: t('qa.col.closedAt'), children: formatDateTime(review.ticket.closedAt) },
          { key: 'month', label: t('qa.col.month'), children: review.month },
          {
            key: 'draw',
            label: t('qa.review.draw'),
            children: (
              <span>
                {t('qa.review.drawRank', { rank: review.rank })} · <Typography.Text code>{review.seed}</Typography.Text>
              </span>
            ),
          },
          {
            key: 'evidence',
            label: t('qa.evidenceLink'),
            children: (
              <Link to={`/qa/evidence/${review.ticketId}`} data-testid="qa-review-evidence-link">
                {t('qa.review.openEvidence')}
              </Link>
            ),
          },
        ]}
      />
    </Card>
  );
}
