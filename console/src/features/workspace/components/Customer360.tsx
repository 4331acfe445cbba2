import { IMPORT_FLAG_LABELS, type ImportFlag } from '@shared/import/import-rules';
import { Badge, Card, Descriptions, Empty, List, Radio, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { PriorityTag, StatusTag, TicketTypeTag } from '../../tickets/components/TicketTags';
import type { CustomerProfile, CustomerVehicle } from '../../tickets/ticket.types';
import { useSourceName } from '../../imports/useImportSources';
import { sourcedBy } from './FieldSource';

/** A vehicle flag's label (PDI 车辆, 内部用车, 事故车), the code for one the catalogue does not know. */
function flagLabel(flag: string, locale: string): string {
  const label = IMPORT_FLAG_LABELS[flag as ImportFlag];
  return label ? (locale === 'en' ? label.en : label.zh) : flag;
}

/** A word of the page's table, or `fallback` when it has none (quality flags the words do not name yet). */
function wordOr(t: (key: string) => string, key: string, fallback: string): string {
  const word = t(key);
  return word === key ? fallback : word;
}

const STAGE_COLORS: Record<string, string> = { honeymoon: 'magenta', early_use: 'blue', warranty: 'cyan', out_of_warranty: 'orange', repurchase: 'purple' };

function VehicleDetails({ vehicle, sourceName }: { vehicle: CustomerVehicle; sourceName: (code: string) => string }) {
  const { t, locale } = useLocale();
  const sourced = sourcedBy(vehicle.fieldSources, sourceName);
  return (
    <Descriptions size="small" column={1} colon={false} styles={{ label: { width: 72, color: '#888' } }}>
      <Descriptions.Item label="VIN">
        <Typography.Text copyable code>
          {vehicle.vin}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.selling')}>{nameOf(vehicle.sellingDealer, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.servicing')}>{nameOf(vehicle.servicingDealer, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.purchased')}>{sourced('purchaseDate', vehicle.purchaseDate ?? '—')}</Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.warranty')}>
        {vehicle.warrantyEnd ? (
          sourced(
            'warrantyEnd',
            <Typography.Text type={vehicle.inWarranty ? 'success' : 'warning'}>
              {t(vehicle.inWarranty ? 'workspace.vehicle.inWarranty' : 'workspace.vehicle.outOfWarranty', { date: vehicle.warrantyEnd })}
            </Typography.Text>,
          )
        ) : (
          '—'
        )}
      </Descriptions.Item>
      {vehicle.mileageKm !== null && <Descriptions.Item label={t('workspace.vehicle.mileage')}>{sourced('mileageKm', `${vehicle.mileageKm.toLocaleString()} km`)}</Descriptions.Item>}
    </Descriptions>
  );
}

/** The caller's 360° view: who they are, their vehicles with dealers and warranty, and every earlier ticket. */
export function Customer360({
  customer,
  vehicleId,
  onVehicleChange,
}: {
  customer: CustomerProfile;
  vehicleId: string | undefined;
  onVehicleChange: (vehicleId: string | undefined) => void;
}) {
  const { t, locale } = useLocale();
  const sourceName = useSourceName();
  const sourced = sourcedBy(customer.fieldSources, sourceName);
  const openTickets = customer.tickets.filter((ticket) => !['closed', 'cancelled', 'resolved'].includes(ticket.status)).length;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="customer-360">
      <Card size="small">
        <Space direction="vertical" size={2}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
              {sourced('name', customer.name)}
            </Typography.Title>
            <Tag>{t(customer.kind === 'company' ? 'workspace.customer.company' : 'workspace.customer.person')}</Tag>
            {customer.qualityFlags.map((flag) => (
              <Tag key={flag} color="orange" title={t('workspace.customer.quality')} data-testid="customer-quality-flag">
                {wordOr(t, `workspace.quality.${flag}`, flag)}
              </Tag>
            ))}
          </Space>
          <Typography.Text copyable={{ text: customer.phone }}>{sourced('phone', customer.phone)}</Typography.Text>
          {customer.email && <Typography.Text>{sourced('email', customer.email)}</Typography.Text>}
          {customer.idNumberMasked && <Typography.Text type="secondary">{sourced('idNumber', t('workspace.customer.idNumber', { id: customer.idNumberMasked }))}</Typography.Text>}
          <Typography.Text type="secondary">
            {customer.province || customer.city ? (
              <>
                {customer.province && sourced('province', customer.province)}
                {customer.province && customer.city && ' · '}
                {customer.city && sourced('city', customer.city)}
              </>
            ) : (
              '—'
            )}
          </Typography.Text>
        </Space>
      </Card>
      <Card size="small" title={`${t('workspace.customer.vehicles')} (${customer.vehicles.length})`} extra={<Typography.Text type="secondary">{t('workspace.vehicle.forTicket')}</Typography.Text>}>
        {customer.vehicles.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workspace.customer.noVehicles')} />
        ) : (
          <Radio.Group value={vehicleId} onChange={(event) => onVehicleChange(event.target.value as string)} style={{ width: '100%' }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {customer.vehicles.map((vehicle) => (
                <Radio key={vehicle.id} value={vehicle.id} style={{ alignItems: 'flex-start', width: '100%' }} data-testid="vehicle-option">
                  <Space direction="vertical" size={0} style={{ width: '100%' }}>
                    <Space wrap size={6}>
                      <Typography.Text strong>{sourced('model', vehicle.model)}</Typography.Text>
                      {vehicle.plate && <Tag>{vehicle.plate}</Tag>}
                      {vehicle.flags.map((flag) => (
                        <Tag key={flag} color="red" data-testid="vehicle-flag">
                          {flagLabel(flag, locale)}
                        </Tag>
                      ))}
                      {vehicle.lifecycleStage && <Tag color={STAGE_COLORS[vehicle.lifecycleStage]}>{t(`workspace.stage.${vehicle.lifecycleStage}`)}</Tag>}
                    </Space>
                    {vehicle.id === vehicleId && <VehicleDetails vehicle={vehicle} sourceName={sourceName} />}
                  </Space>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        )}
      </Card>
      <Card
        size="small"
        title={
          <Space>
            {t('workspace.customer.tickets')}
            <Badge count={openTickets} color="orange" />
          </Space>
        }
      >
        {customer.tickets.length === 0 ? (
          <Typography.Text type="secondary">{t('workspace.customer.noTickets')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={customer.tickets}
            renderItem={(ticket) => (
              <List.Item style={{ paddingInline: 0 }} data-testid="customer-ticket">
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    <Link to={`/tickets/${ticket.id}`}>
                      <Typography.Text strong style={{ color: 'inherit' }}>
                        {ticket.number}
                      </Typography.Text>
                    </Link>
                    <TicketTypeTag type={ticket.type} />
                    <StatusTag status={ticket.status} />
                    <PriorityTag priority={ticket.priority} short />
                  </Space>
                  <Typography.Text ellipsis style={{ maxWidth: '100%' }}>
                    {ticket.subject}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(ticket.createdAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
