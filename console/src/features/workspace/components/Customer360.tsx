import { Badge, Card, Descriptions, Empty, List, Radio, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { formatDateTime, nameOf } from '../../../lib/format';
import { PriorityTag, StatusTag, TicketTypeTag } from '../../tickets/components/TicketTags';
import type { CustomerProfile, CustomerVehicle } from '../../tickets/ticket.types';

const STAGE_COLORS: Record<string, string> = { honeymoon: 'magenta', early_use: 'blue', warranty: 'cyan', out_of_warranty: 'orange', repurchase: 'purple' };

function VehicleDetails({ vehicle }: { vehicle: CustomerVehicle }) {
  const { t, locale } = useLocale();
  return (
    <Descriptions size="small" column={1} colon={false} styles={{ label: { width: 72, color: '#888' } }}>
      <Descriptions.Item label="VIN">
        <Typography.Text copyable code>
          {vehicle.vin}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.selling')}>{nameOf(vehicle.sellingDealer, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.servicing')}>{nameOf(vehicle.servicingDealer, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.purchased')}>{vehicle.purchaseDate ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('workspace.vehicle.warranty')}>
        {vehicle.warrantyEnd ? (
          <Typography.Text type={vehicle.inWarranty ? 'success' : 'warning'}>
            {t(vehicle.inWarranty ? 'workspace.vehicle.inWarranty' : 'workspace.vehicle.outOfWarranty', { date: vehicle.warrantyEnd })}
          </Typography.Text>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      {vehicle.mileageKm !== null && <Descriptions.Item label={t('workspace.vehicle.mileage')}>{vehicle.mileageKm.toLocaleString()} km</Descriptions.Item>}
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
  const { t } = useLocale();
  const openTickets = customer.tickets.filter((ticket) => !['closed', 'cancelled', 'resolved'].includes(ticket.status)).length;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="customer-360">
      <Card size="small">
        <Space direction="vertical" size={2}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="customer-name">
              {customer.name}
            </Typography.Title>
            <Tag>{t(customer.kind === 'company' ? 'workspace.customer.company' : 'workspace.customer.person')}</Tag>
          </Space>
          <Typography.Text copyable>{customer.phone}</Typography.Text>
          <Typography.Text type="secondary">{[customer.province, customer.city].filter(Boolean).join(' · ') || '—'}</Typography.Text>
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
                      <Typography.Text strong>{vehicle.model}</Typography.Text>
                      {vehicle.plate && <Tag>{vehicle.plate}</Tag>}
                      {vehicle.lifecycleStage && <Tag color={STAGE_COLORS[vehicle.lifecycleStage]}>{t(`workspace.stage.${vehicle.lifecycleStage}`)}</Tag>}
                    </Space>
                    {vehicle.id === vehicleId && <VehicleDetails vehicle={vehicle} />}
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
