import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { queryKeys } from '../../../lib/query-keys';
import { leadConversionContract } from '@shared/contracts/tickets.contracts';
import { callApi } from '../../../lib/api';

/** The dealer's own lead funnel (`GET /api/leads/conversion` answers a dealer with its own row only). */
export function LeadConversion() {
  const { t } = useLocale();
  const conversion = useQuery({
    queryKey: queryKeys.leadConversion(),
    queryFn: async () => (await callApi(leadConversionContract, {})).items,
  });
  const row = conversion.data?.[0];
  const cells: Array<[string, number | string]> = [
    ['dealer.leads.total', row?.leads ?? 0],
    ['dealer.leads.contacted', row?.contacted ?? 0],
    ['dealer.leads.testDrive', row?.testDrives ?? 0],
    ['dealer.leads.orders', row?.orders ?? 0],
    ['dealer.leads.lost', row?.lost ?? 0],
    ['dealer.leads.rate', row ? `${Math.round(row.conversionRate * 100)}%` : '—'],
  ];
  return (
    <Card size="small" title={t('dealer.leads.conversion')} loading={conversion.isLoading} data-testid="lead-conversion">
      <Row gutter={[8, 8]}>
        {cells.map(([key, value]) => (
          <Col key={key} xs={8} sm={4}>
            <Statistic title={t(key)} value={value} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}
