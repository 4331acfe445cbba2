import type { RoutingDecision, RuleTrace } from '@careline/shared';
import { localizedName } from '@shared/i18n/localized-names';
import { Collapse, List, Space, Tag, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { useDealers, useDepartments } from '../hooks/useReference';
import type { NamedRef, NamedRoutingDecision } from '../ticket.types';
import { PriorityTag } from './TicketTags';

const VERDICT_COLORS: Record<string, string> = { chosen: 'green', excluded: 'red', inactive: 'default', lacks_capability: 'orange', closed_now: 'gold', unknown_dealer: 'default', not_reached: 'default' };

/**
 * "将派发至 X，因为 …": the routing decision as a person reads it — target, matched rule, candidates with distance
 * and load and why each lost, safety or repeat-problem signals, priority and copied departments.
 */
export function RoutingExplanation({ decision, preview = false }: { decision: NamedRoutingDecision | RoutingDecision; preview?: boolean }) {
  const { t, locale } = useLocale();
  const named = (decision as NamedRoutingDecision).names;
  // Decisions stored on a ticket carry ids only: name them from the reference lists.
  const dealers = useDealers(!named);
  const departments = useDepartments(!named);
  const dealerName = (id: string): string => {
    const ref: NamedRef | undefined = named?.dealers.find((dealer) => dealer.id === id) ?? dealers.data?.find((dealer) => dealer.id === id);
    return ref ? nameOf(ref, locale) : id.slice(0, 8);
  };
  const departmentName = (id: string): string => {
    const ref = named?.departments.find((department) => department.id === id) ?? departments.data?.find((department) => department.id === id);
    return ref ? nameOf(ref, locale) : id.slice(0, 8);
  };
  const ruleName = (entry: RuleTrace) => localizedName({ name: entry.ruleName, nameZh: entry.ruleNameZh, nameEn: entry.ruleNameEn }, locale);
  const chosen = decision.trace.find((entry) => entry.outcome === 'chosen');
  const withoutCandidate = decision.trace.filter((entry) => entry.outcome === 'no_eligible_candidate');
  const skipped = decision.trace.filter((entry) => entry.outcome === 'conditions_not_met' || entry.outcome === 'disabled');
  const target = decision.target;

  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="routing-explanation">
      <Typography.Text strong style={{ fontSize: 15 }} data-testid="routing-target">
        {target.kind === 'supervisor_queue' ? (
          <>
            {t('tickets.routing.queue')}：{t(`tickets.routing.queue.${target.reason}`)}
          </>
        ) : (
          <>
            {preview ? t('tickets.routing.to') : t('tickets.routing.wentTo')}{' '}
            <Typography.Text strong style={{ color: '#1f4e8c', fontSize: 15 }}>
              {target.kind === 'dealer' ? dealerName(target.dealerId) : departmentName(target.departmentId)}
            </Typography.Text>
            {chosen && (
              <>
                {locale === 'en' ? ', ' : '，'}
                {t('tickets.routing.because')} {t('tickets.routing.rule', { rule: ruleName(chosen) })}
              </>
            )}
          </>
        )}
      </Typography.Text>
      <Space wrap size={[8, 4]}>
        <span>{t('tickets.routing.priority')}:</span>
        <PriorityTag priority={decision.priority} />
        {decision.ccDepartmentIds.length > 0 && (
          <>
            <span>{t('tickets.routing.cc')}:</span>
            {decision.ccDepartmentIds.map((id) => (
              <Tag key={id} color="purple" data-testid="routing-cc">
                {departmentName(id)}
              </Tag>
            ))}
          </>
        )}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('tickets.routing.version', { version: decision.ruleSetVersion })}
        </Typography.Text>
      </Space>
      {decision.signals.map((signal, index) => (
        <Typography.Text key={index} type="danger">
          {signal.kind === 'safety_words' ? t('tickets.routing.safety', { words: signal.words.join('、') }) : t('tickets.routing.repeat', { n: signal.complaints90d })}
        </Typography.Text>
      ))}
      {[...withoutCandidate, ...(chosen ? [chosen] : [])].map((entry) => (
        <div key={entry.ruleId}>
          {entry.outcome === 'no_eligible_candidate' && <Typography.Text type="warning">{t('tickets.routing.noCandidate', { rule: ruleName(entry) })}</Typography.Text>}
          {entry.distanceUnknown && (
            <div>
              <Typography.Text type="danger" data-testid="routing-distance-unknown">
                {t('tickets.routing.distanceUnknown')}
              </Typography.Text>
            </div>
          )}
          {(entry.candidates?.length ?? 0) > 0 && (
            <List
              size="small"
              header={<Typography.Text type="secondary">{t('tickets.routing.candidates')}</Typography.Text>}
              dataSource={entry.candidates!.slice(0, 8)}
              renderItem={(candidate) => (
                <List.Item style={{ paddingInline: 0 }}>
                  <Space wrap size={[8, 0]}>
                    <Tag color={VERDICT_COLORS[candidate.verdict]}>{t(`tickets.verdict.${candidate.verdict}`)}</Tag>
                    <span>{dealerName(candidate.dealerId)}</span>
                    {candidate.open24h && (
                      <Tag color="blue" data-testid="candidate-open24h">
                        {t('tickets.candidate.open24h')}
                      </Tag>
                    )}
                    {candidate.distanceKm !== null && <Typography.Text type="secondary">{t('tickets.candidate.distance', { km: candidate.distanceKm.toFixed(1) })}</Typography.Text>}
                    {candidate.load !== null && <Typography.Text type="secondary">{t('tickets.candidate.load', { load: Number(candidate.load.toFixed(2)) })}</Typography.Text>}
                  </Space>
                </List.Item>
              )}
            />
          )}
        </div>
      ))}
      {skipped.length > 0 && (
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'skipped',
              label: <Typography.Text type="secondary">{t('tickets.routing.skipped', { n: skipped.length })}</Typography.Text>,
              children: (
                <List
                  size="small"
                  dataSource={skipped}
                  renderItem={(entry) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {ruleName(entry)}
                        {entry.failedCondition && ` — ${t('tickets.routing.failed', { field: entry.failedCondition.field })}`}
                      </Typography.Text>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}
