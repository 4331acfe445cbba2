import { evidencePackContract } from '@shared/contracts/qa.contracts';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router';
import { Problem } from '../../../app/ErrorPage';
import { PageLoading } from '../../../app/PageLoading';
import type { ConsoleLocale } from '../../../i18n/messages';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { saveFile } from '../../../lib/download';
import { formatDateTime, nameOf } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { PriorityTag, StatusTag, TicketTypeTag } from '../../tickets/components/TicketTags';
import { ProblemText, type Translate, worded } from '../components/AuditProblemText';
import type { EvidencePack } from '../qa.types';
import './evidence-print.css';
import { registerMessages } from '../../../i18n/registry';
import { kbTimelineMessages } from '../../kb/kb-timeline-words';

// The events table names an article used on the ticket with the timeline's words (not in the entry).
registerMessages(kbTimelineMessages);

/** Saves the API's answer as it came, as `evidence-<ticket number>.json`. */
function downloadJson(pack: EvidencePack) {
  saveFile(`evidence-${pack.ticket.number}.json`, JSON.stringify(pack, null, 2), 'application/json');
}

/**
 * A ticket's evidence pack (QA, supervisors, admins): the ticket, every event of its chain, the chain's verification,
 * every mail, the callbacks with every attempt and the QA reviews, on one page that prints on A4 without the console's
 * frame; and the same answer as a JSON file.
 */
export function EvidencePage() {
  const { ticketId = '' } = useParams();
  const { t, locale } = useLocale();
  const pack = useQuery({
    queryKey: queryKeys.qaEvidence(ticketId),
    queryFn: () => callApi(evidencePackContract, { params: { id: ticketId } }),
    refetchOnWindowFocus: false,
  });
  if (pack.isLoading) return <PageLoading />;
  if (pack.error || !pack.data) return <Problem title={t('qa.evidence.notFound')} detail={pack.error?.message} />;
  const data = pack.data;
  const { ticket, verification } = data;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 1100 }} className="careline-evidence" data-testid="qa-evidence-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('qa.evidence.title', { number: ticket.number })}
        </Typography.Title>
        <Space className="careline-no-print">
          <Link to={`/tickets/${ticket.id}`} data-testid="qa-evidence-ticket-link">
            {t('qa.evidence.openTicket')}
          </Link>
          <Button onClick={() => window.print()} data-testid="qa-evidence-print">
            {t('qa.evidence.print')}
          </Button>
          <Button type="primary" onClick={() => downloadJson(data)} data-testid="qa-evidence-download">
            {t('qa.evidence.download')}
          </Button>
        </Space>
      </Space>
      <Typography.Text type="secondary">{t('qa.evidence.generated', { time: formatDateTime(data.generatedAt), name: data.generatedBy })}</Typography.Text>

      <Alert
        type={verification.ok ? 'success' : 'error'}
        showIcon
        data-testid="qa-evidence-verdict"
        data-ok={verification.ok}
        title={verification.ok ? t('qa.evidence.chainOk', { n: verification.events }) : t('qa.evidence.chainBroken', { n: verification.events, count: verification.problems.length })}
        description={
          <>
            {!verification.covered && <div>{t('qa.evidence.notCovered')}</div>}
            {verification.problems.length > 0 && (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {verification.problems.map((problem, index) => (
                  <li key={index} data-testid="qa-evidence-problem" data-problem={problem.problem}>
                    <ProblemText problem={problem} t={t} />
                  </li>
                ))}
              </ul>
            )}
          </>
        }
      />

      <Card size="small" title={t('qa.evidence.ticket')}>
        <Space wrap size={6} style={{ marginBottom: 8 }}>
          <StatusTag status={ticket.status} />
          <TicketTypeTag type={ticket.type} />
          <PriorityTag priority={ticket.priority} />
        </Space>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'subject', label: t('qa.col.subject'), children: <span data-testid="qa-evidence-subject">{ticket.subject}</span>, span: 2 },
            { key: 'description', label: t('qa.evidence.description'), children: ticket.description, span: 2 },
            { key: 'responsible', label: t('qa.evidence.responsible'), children: nameOf(ticket.responsibleDealer ?? ticket.responsibleDepartment, locale) },
            { key: 'category', label: t('qa.evidence.category'), children: nameOf(ticket.category, locale) },
            { key: 'contact', label: t('qa.evidence.contact'), children: `${ticket.contactName} · ${ticket.contactPhone}` },
            { key: 'vehicle', label: t('qa.evidence.vehicle'), children: ticket.vehicle ? `${ticket.vehicle.model} · ${ticket.vehicle.vin}` : '—' },
            { key: 'created', label: t('qa.evidence.created'), children: formatDateTime(ticket.createdAt) },
            { key: 'resolved', label: t('qa.evidence.resolved'), children: formatDateTime(ticket.resolvedAt) },
            { key: 'closed', label: t('qa.col.closedAt'), children: formatDateTime(ticket.closedAt) },
            { key: 'reopen', label: t('qa.evidence.reopens'), children: String(ticket.reopenCount) },
          ]}
        />
      </Card>

      <Card size="small" title={t('qa.evidence.events', { n: data.events.length })}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.events}
          tableLayout="fixed"
          onRow={(event) => ({ 'data-testid': 'qa-evidence-event', 'data-type': event.type }) as HTMLAttributes<HTMLElement>}
          columns={[
            { key: 'sequence', title: '#', dataIndex: 'sequence', width: 48 },
            { key: 'at', title: t('qa.evidence.at'), render: (_, event) => <span className="careline-mono">{formatDateTime(event.occurredAt)}</span>, width: 150 },
            { key: 'type', title: t('qa.evidence.event'), render: (_, event) => worded(t, `tickets.event.${event.type}`, event.type), width: 130 },
            { key: 'actor', title: t('qa.evidence.actor'), render: (_, event) => `${event.actor.name}${event.actor.role ? ` (${worded(t, `role.${event.actor.role}`, String(event.actor.role))})` : ''}`, width: 140 },
            { key: 'payload', title: t('qa.evidence.details'), render: (_, event) => <PayloadText payload={event.payload} /> },
            { key: 'hash', title: t('qa.evidence.hash'), render: (_, event) => <Typography.Text className="careline-mono careline-wrap" style={{ fontSize: 11 }}>{event.hash.slice(0, 16)}…</Typography.Text>, width: 150 },
          ]}
        />
      </Card>

      <Card size="small" title={t('qa.evidence.mails', { n: data.mails.length })}>
        {data.mails.length === 0 ? (
          <Typography.Text type="secondary">{t('qa.evidence.none')}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={data.mails}
            onRow={() => ({ 'data-testid': 'qa-evidence-mail' }) as HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'createdAt', title: t('qa.evidence.at'), render: (_, mail) => formatDateTime(mail.createdAt), width: 150 },
              { key: 'recipient', title: t('qa.evidence.recipient'), dataIndex: 'recipient' },
              { key: 'subject', title: t('qa.col.subject'), dataIndex: 'subject' },
              { key: 'status', title: t('qa.evidence.mailStatus'), render: (_, mail) => `${mail.status}${mail.sentAt ? ` · ${formatDateTime(mail.sentAt)}` : ''}` },
              { key: 'messageId', title: 'Message-ID', render: (_, mail) => <span className="careline-wrap" style={{ fontSize: 11 }}>{mail.messageId ?? '—'}</span> },
            ]}
          />
        )}
      </Card>

      <Card size="small" title={t('qa.evidence.callbacks', { n: data.callbacks.length })}>
        {data.callbacks.length === 0 ? (
          <Typography.Text type="secondary">{t('qa.evidence.none')}</Typography.Text>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {data.callbacks.map((callback) => (
              <section key={callback.id} data-testid="qa-evidence-callback" data-status={callback.status}>
                <Space wrap size={8}>
                  <Tag>{callback.kind}</Tag>
                  <Typography.Text strong>{worded(t, `qa.evidence.callbackStatus.${callback.status}`, callback.status)}</Typography.Text>
                  <span>{t('qa.evidence.due', { time: formatDateTime(callback.dueAt) })}</span>
                  {callback.satisfaction !== null && <span>{`${callback.satisfaction}/5 ${worded(t, `satisfaction.${callback.satisfaction}`, '')}`}</span>}
                  {callback.solved !== null && <span>{t(`callbacks.solved.${callback.solved}`)}</span>}
                  {callback.reasonCode && <Tag color="volcano">{callback.reasonCode}</Tag>}
                </Space>
                {callback.attempts.length > 0 && (
                  <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                    {callback.attempts.map((attempt) => (
                      <li key={attempt.attempt} data-testid="qa-evidence-attempt">
                        {formatDateTime(attempt.calledAt)} · {worded(t, `callbackResult.${attempt.result}`, attempt.result)}
                        {attempt.satisfaction !== null && ` · ${attempt.satisfaction}/5`}
                        {attempt.solved !== null && ` · ${t(`callbacks.solved.${attempt.solved}`)}`}
                        {attempt.reasonCode && ` · ${attempt.reasonCode}`}
                        {attempt.calledBy && ` · ${attempt.calledBy}`}
                        {attempt.comment && ` · “${attempt.comment}”`}
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            ))}
          </Space>
        )}
      </Card>

      <Card size="small" title={t('qa.evidence.reviews', { n: data.qaReviews.length })}>
        {data.qaReviews.length === 0 ? (
          <Typography.Text type="secondary">{t('qa.evidence.none')}</Typography.Text>
        ) : (
          data.qaReviews.map((review) => <ReviewSummary key={review.id} review={review} locale={locale} t={t} />)
        )}
      </Card>
    </Space>
  );
}

function ReviewSummary({ review, locale, t }: { review: EvidencePack['qaReviews'][number]; locale: ConsoleLocale; t: Translate }) {
  return (
    <section data-testid="qa-evidence-review">
      <Space wrap size={8}>
        <span>{review.month}</span>
        <span>{t('qa.review.drawRank', { rank: review.rank })}</span>
        <Typography.Text code>{review.seed}</Typography.Text>
        <Typography.Text strong>{review.score === null ? t('qa.status.pending') : `${t('qa.col.score')} ${review.score}`}</Typography.Text>
        {review.reviewerName && <span>{t('qa.review.by', { name: review.reviewerName, time: formatDateTime(review.completedAt) })}</span>}
      </Space>
      {review.answers && (
        <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
          {review.scorecard.items.map((item) => {
            const answer = review.answers?.[item.key];
            return (
              <li key={item.key}>
                {locale === 'en' ? item.labelEn : item.labelZh}: {typeof answer === 'boolean' ? t(answer ? 'common.yes' : 'common.no') : answer === undefined ? '—' : `${answer}/5`}
              </li>
            );
          })}
        </ul>
      )}
      {review.comment && <div>“{review.comment}”</div>}
    </section>
  );
}

/** An event's payload, compact: `key: value` pairs (objects as JSON), so the printed page shows what the chain holds. */
function PayloadText({ payload }: { payload: Record<string, unknown> }) {
  const entries = Object.entries(payload);
  if (entries.length === 0) return null;
  return (
    <span className="careline-wrap" style={{ fontSize: 12, overflowWrap: 'anywhere' }}>
      {entries.map(([key, value]) => `${key}: ${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`).join(' · ')}
    </span>
  );
}
