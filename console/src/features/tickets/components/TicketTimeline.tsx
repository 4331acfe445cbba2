import { Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { isHotlineRole } from '@shared/auth/actor';
import { SatisfactionTag } from '../../callbacks/components/SatisfactionTag';
import { reasonName, useCallbackReasons } from '../../callbacks/hooks/useCallbackReasons';
import { useSession } from '../../auth/useSession';
import { useDealers, useDepartments } from '../hooks/useReference';
import type { TicketEvent } from '../ticket.types';
import { PriorityTag } from './TicketTags';
import { registerMessages } from '../../../i18n/registry';
import { kbTimelineMessages } from '../../kb/kb-timeline-words';

// An article used on the ticket: its words load with the timeline, not with the entry (every first page's budget).
registerMessages(kbTimelineMessages);

const EVENT_COLORS: Record<string, string> = {
  created: 'blue',
  routed: 'gray',
  dispatched: 'blue',
  acknowledged: 'green',
  rejected: 'red',
  started: 'green',
  pended: 'orange',
  resumed: 'green',
  resolved: 'green',
  reopened: 'red',
  closed: 'gray',
  cancelled: 'gray',
  note: 'purple',
  contact_attempt: 'cyan',
  lead_follow_up: 'gold',
  sla_warning: 'orange',
  sla_breached: 'red',
  escalated: 'red',
  callback_scheduled: 'blue',
  callback_attempt: 'cyan',
  callback_cancelled: 'gray',
  kb_article_linked: 'cyan',
};

/** A callback call's dot says what came of it. */
const CALLBACK_OUTCOME_COLORS: Record<string, string> = { retry: 'gray', satisfied: 'green', unhappy: 'red', unreachable: 'orange' };

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

/** The ticket's history, newest first: who, when, what — routing and dispatches named, reasons in words. */
export function TicketTimeline({ events, loading }: { events: TicketEvent[] | undefined; loading: boolean }) {
  const { t, locale } = useLocale();
  const dealers = useDealers();
  const departments = useDepartments();
  const { user } = useSession();
  // Events carry the reason's names as they were then; older ones only the code, which the hotline can look up.
  const reasons = useCallbackReasons(user ? isHotlineRole(user.role) : false);
  if (loading && !events) return <Skeleton active />;
  if (!events?.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.timeline.empty')} />;

  const dealerName = (id: unknown) => (typeof id === 'string' ? nameOf(dealers.data?.find((dealer) => dealer.id === id), locale) : null);
  const departmentName = (id: unknown) => (typeof id === 'string' ? nameOf(departments.data?.find((department) => department.id === id), locale) : null);
  const target = (payload: Record<string, unknown>) => dealerName(payload.dealerId) ?? departmentName(payload.departmentId) ?? '—';
  const reasonTag = (payload: Record<string, unknown>) => {
    const code = payload.reasonCode;
    if (typeof code !== 'string' || !code) return null;
    const named = payload.reasonName as { zh?: string; en?: string } | undefined;
    const name = (locale === 'en' ? named?.en : named?.zh) ?? reasonName(reasons.data, code, locale) ?? code;
    return (
      <Tag color="volcano" bordered={false} data-testid="callback-reason-name">
        {name}
      </Tag>
    );
  };
  // A reopen or close the callback decided: why, in words, and the unhappy reason.
  const callbackReason = (payload: Record<string, unknown>) =>
    typeof payload.reason === 'string' && payload.reason.startsWith('callback_') ? (
      <Space wrap size={4}>
        <Typography.Text>{t(`tickets.event.reason.${payload.reason}`)}</Typography.Text>
        {reasonTag(payload)}
        {typeof payload.escalationLevel === 'number' && payload.escalationLevel > 0 && (
          <Typography.Text type="secondary">{t('tickets.event.level', { n: payload.escalationLevel })}</Typography.Text>
        )}
      </Space>
    ) : null;

  const details = (event: TicketEvent): ReactNode => {
    const payload = event.payload;
    switch (event.type) {
      case 'created':
        return (
          <Space wrap size={4}>
            {text(payload.subject)}
            {typeof payload.priority === 'string' && <PriorityTag priority={payload.priority as 'P1'} short />}
            {typeof payload.channel === 'string' && <Tag bordered={false}>{t(`channel.${payload.channel}`)}</Tag>}
          </Space>
        );
      case 'dispatched': {
        const mode = payload.mode === 'routing' ? t('tickets.event.mode.routing') : payload.mode === 'roadside_offer' ? t('tickets.event.mode.roadside_offer') : t('tickets.event.mode.manual');
        const cc = Array.isArray(payload.ccDepartmentIds) ? payload.ccDepartmentIds.map(departmentName).filter(Boolean) : [];
        return (
          <>
            <Typography.Text strong>{t(payload.transfer ? 'tickets.event.transfer' : 'tickets.event.to', { target: target(payload) })}</Typography.Text> <Tag bordered={false}>{mode}</Tag>
            {cc.length > 0 && (
              <Typography.Text type="secondary">
                {' '}
                {t('tickets.routing.cc')}: {cc.join('、')}
              </Typography.Text>
            )}
            {text(payload.reason) && <div>{text(payload.reason)}</div>}
          </>
        );
      }
      case 'routed': {
        const decisionTarget = payload.target as { kind: string; dealerId?: string; departmentId?: string; reason?: string } | undefined;
        if (!decisionTarget) return null;
        if (decisionTarget.kind === 'supervisor_queue') {
          return <Typography.Text type="warning">{`${t('tickets.routing.queue')}：${t(`tickets.routing.queue.${decisionTarget.reason}`)}`}</Typography.Text>;
        }
        return (
          <Typography.Text>
            {t('tickets.routing.wentTo')} {dealerName(decisionTarget.dealerId) ?? departmentName(decisionTarget.departmentId)}
            {typeof payload.ruleSetVersion === 'number' && <Typography.Text type="secondary"> · {t('tickets.routing.version', { version: payload.ruleSetVersion })}</Typography.Text>}
          </Typography.Text>
        );
      }
      case 'rejected':
        return (
          <>
            <Typography.Text>
              {dealerName(payload.dealerId) ?? departmentName(payload.departmentId)} · <Typography.Text strong>{t(`rejectReason.${String(payload.reasonCode)}`)}</Typography.Text>
              {typeof payload.rejections === 'number' && <Typography.Text type="secondary"> · {t('tickets.event.rejections', { n: payload.rejections })}</Typography.Text>}
            </Typography.Text>
            {text(payload.reasonText) && <div>“{text(payload.reasonText)}”</div>}
          </>
        );
      case 'note':
        return (
          <>
            <Tag color={payload.visibility === 'internal' ? 'default' : 'blue'}>{t(`noteVisibility.${String(payload.visibility)}`)}</Tag>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{text(payload.body)}</Typography.Paragraph>
          </>
        );
      case 'contact_attempt':
        return (
          <>
            <Tag color={payload.outcome === 'reached' ? 'green' : 'default'}>{t(`contactOutcome.${String(payload.outcome)}`)}</Tag>
            {text(payload.note)}
          </>
        );
      case 'lead_follow_up':
        return (
          <>
            <Tag color={payload.outcome === 'order' ? 'green' : payload.outcome === 'lost' ? 'red' : 'gold'}>{t(`leadOutcome.${String(payload.outcome)}`)}</Tag>
            {text(payload.reason)}
          </>
        );
      case 'sla_warning':
      case 'sla_breached':
        return t('tickets.event.slaClock', { clock: t(`sla.clock.${String(payload.clock)}`), time: formatDateTime(payload.dueAt as string) });
      case 'callback_scheduled':
        return typeof payload.dueAt === 'string' ? t('tickets.event.callbackDue', { time: formatDateTime(payload.dueAt) }) : null;
      case 'callback_attempt': {
        const outcome = String(payload.outcome);
        return (
          <Space wrap size={4} data-testid="callback-attempt-event" data-outcome={outcome}>
            {typeof payload.attempt === 'number' && <Typography.Text type="secondary">{t('tickets.event.callbackNo', { n: payload.attempt })}</Typography.Text>}
            <Tag color={payload.result === 'reached' ? 'green' : 'default'}>{t(`callbackResult.${String(payload.result)}`)}</Tag>
            {typeof payload.satisfaction === 'number' && (
              <SatisfactionTag satisfaction={payload.satisfaction} />
            )}
            {typeof payload.solved === 'boolean' && <Tag>{t(`callbacks.solved.${payload.solved}`)}</Tag>}
            {reasonTag(payload)}
            {outcome in CALLBACK_OUTCOME_COLORS && (
              <Typography.Text strong type={outcome === 'unhappy' ? 'danger' : undefined}>
                {t(`tickets.event.callbackOutcome.${outcome}`, { time: formatDateTime(payload.nextAttemptAt as string | null) })}
              </Typography.Text>
            )}
          </Space>
        );
      }
      case 'callback_cancelled': {
        const status = typeof payload.reason === 'string' ? t(`status.${payload.reason}`) : '';
        return status ? t('tickets.event.callbackCancelled', { status: locale === 'en' ? status.toLowerCase() : status }) : null;
      }
      case 'reopened':
      case 'closed':
        return callbackReason(payload);
      case 'qa_sampled':
        return t('tickets.event.qaSampled', { month: String(payload.month ?? ''), rank: String(payload.rank ?? '') });
      case 'qa_reviewed':
        return typeof payload.score === 'number' ? t('tickets.event.qaReviewed', { score: String(payload.score) }) : null;
      case 'roadside_offer_accepted':
        return typeof payload.etaMinutes === 'number' ? `ETA ${payload.etaMinutes} min` : null;
      case 'roadside_progress':
        return (
          <Space wrap size={4}>
            {typeof payload.to === 'string' && <Tag bordered={false}>{t(`roadside.step.${payload.to}`)}</Tag>}
            {typeof payload.etaMinutes === 'number' && <Typography.Text type="secondary">{`ETA ${payload.etaMinutes} min`}</Typography.Text>}
          </Space>
        );
      case 'kb_article_linked':
        // The article as it was used (its title and version then); it opens as it is now.
        return (
          <Space wrap size={4} data-testid="kb-link-event" data-article-id={String(payload.articleId ?? '')}>
            {typeof payload.articleId === 'string' ? <Link to={`/kb/${payload.articleId}`}>{text(payload.title) ?? payload.articleId}</Link> : text(payload.title)}
            {typeof payload.articleVersion === 'number' && <Typography.Text type="secondary">v{payload.articleVersion}</Typography.Text>}
            {payload.resolve === true && (
              <Tag color="green" bordered={false}>
                {t('tickets.event.kbResolved')}
              </Tag>
            )}
          </Space>
        );
      case 'escalated':
        return typeof payload.level === 'number' ? t('tickets.event.level', { n: payload.level }) : null;
      case 'sla_policy_applied': {
        const moves = Array.isArray(payload.moves) ? (payload.moves as Array<{ clock: string; from: string; to: string }>) : [];
        return moves.map((move) => (
          <div key={move.clock}>{t('tickets.event.deadlineMoved', { clock: t(`sla.clock.${move.clock}`), from: formatDateTime(move.from), to: formatDateTime(move.to) })}</div>
        ));
      }
      default:
        // A comment is shown once, under every event's details (below), not here as well.
        return null;
    }
  };

  const items = [...events].reverse().map((event) => ({
    key: event.id,
    color: (event.type === 'callback_attempt' ? CALLBACK_OUTCOME_COLORS[String(event.payload.outcome)] : undefined) ?? EVENT_COLORS[event.type] ?? 'gray',
    content: (
      <div data-testid="timeline-event" data-type={event.type}>
        <Space wrap size={[8, 0]}>
          <Typography.Text strong>{t(`tickets.event.${event.type}`)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {event.actor.name} · {t(!event.actor.id || /^[0-]+$/.test(event.actor.id) ? 'role.system' : `role.${event.actor.role}`)} · {formatDateTime(event.occurredAt)}
          </Typography.Text>
        </Space>
        <div>{details(event)}</div>
        {event.type !== 'note' && event.type !== 'contact_attempt' && text(event.payload.comment) && (
          <Typography.Text type="secondary">“{text(event.payload.comment)}”</Typography.Text>
        )}
      </div>
    ),
  }));
  return <Timeline items={items} />;
}
