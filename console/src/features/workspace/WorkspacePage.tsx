import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, List, Row, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useLocale } from '../../i18n/useLocale';
import { queryKeys } from '../../lib/query-keys';
import type { CustomerProfile, Ticket } from '../tickets/ticket.types';
import { CallerLookup, type LookupRequest } from './components/CallerLookup';
import { CreatedTicketCard } from './components/CreatedTicketCard';
import { Customer360 } from './components/Customer360';
import { TicketForm } from './components/TicketForm';
import { lookUpCustomersContract } from '@shared/contracts/customers.contracts';
import { callApi } from '../../lib/api';
import { useRoadsideUnassignedAlert } from '../roadside/useRoadsideUnassignedAlert';

// Only needed when the caller is unknown: its date picker loads then, not with the workspace.
const RegisterCallerModal = lazy(async () => ({ default: (await import('./components/RegisterCallerModal')).RegisterCallerModal }));

/** The vehicle the caller most likely means: the one looked up by VIN or plate, else their first. */
function vehicleFor(customer: CustomerProfile, lookup: LookupRequest | null): string | undefined {
  const normalize = (value: string) => value.replace(/[·\s-]/g, '').toUpperCase();
  const match =
    lookup?.by === 'vin'
      ? customer.vehicles.find((vehicle) => vehicle.vin === lookup.value)
      : lookup?.by === 'plate'
        ? customer.vehicles.find((vehicle) => vehicle.plate && normalize(vehicle.plate) === normalize(lookup.value))
        : undefined;
  return (match ?? customer.vehicles[0])?.id;
}

/** The agent's call screen: identify the caller, see their 360° record, open the ticket, read out its number. */
export function WorkspacePage() {
  const { t } = useLocale();
  useRoadsideUnassignedAlert();
  const [call, setCall] = useState(0);
  const [lookup, setLookup] = useState<LookupRequest | null>(null);
  const [selected, setSelected] = useState<CustomerProfile | null>(null);
  const [vehicleId, setVehicleId] = useState<string | undefined>();
  const [registering, setRegistering] = useState(false);
  const [created, setCreated] = useState<Ticket | null>(null);

  const results = useQuery({
    queryKey: queryKeys.customerLookup(lookup ?? {}),
    queryFn: async () => (await callApi(lookUpCustomersContract, { query: { [lookup!.by]: lookup!.value } })).items,
    enabled: lookup !== null,
  });

  const select = (customer: CustomerProfile, from: LookupRequest | null) => {
    setSelected(customer);
    setVehicleId(vehicleFor(customer, from));
  };
  // The chosen caller follows a refetch of the lookup (a ticket added to their history, a reconnect).
  const current = selected ? (results.data?.find((customer) => customer.id === selected.id) ?? selected) : null;

  const onLookup = (request: LookupRequest) => {
    setLookup(request);
    setSelected(null);
    setCreated(null);
  };
  const found = results.data ?? [];
  if (lookup && results.isSuccess && found.length >= 1 && !selected) select(found[0], lookup);

  const nextCall = () => {
    setLookup(null);
    setSelected(null);
    setVehicleId(undefined);
    setCreated(null);
    setCall((value) => value + 1);
  };

  return (
    <Row gutter={[16, 16]} key={call}>
      <Col xs={24} xl={9}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <Card size="small" title={t('workspace.caller')}>
            <CallerLookup onLookup={onLookup} loading={results.isFetching} />
            {!lookup && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('workspace.lookup.hint')}
              </Typography.Paragraph>
            )}
            {results.error && <Alert type="error" showIcon title={results.error.message} style={{ marginTop: 8 }} />}
            {lookup && results.isSuccess && found.length === 0 && (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('workspace.lookup.notFound')} style={{ marginBlock: 12 }} data-testid="lookup-not-found">
                <Button type="primary" onClick={() => setRegistering(true)} data-testid="register-open">
                  {t('workspace.lookup.register')}
                </Button>
              </Empty>
            )}
            {found.length > 1 && (
              <List
                size="small"
                header={t('workspace.lookup.several', { n: found.length })}
                dataSource={found}
                renderItem={(customer) => (
                  <List.Item
                    onClick={() => select(customer, lookup)}
                    style={{ cursor: 'pointer', background: customer.id === current?.id ? '#e6f4ff' : undefined, paddingInline: 8 }}
                  >
                    {customer.name} · {customer.phone}
                  </List.Item>
                )}
              />
            )}
          </Card>
          {current && <Customer360 customer={current} vehicleId={vehicleId} onVehicleChange={setVehicleId} />}
        </Space>
      </Col>
      <Col xs={24} xl={15}>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          {created && <CreatedTicketCard created={created} onNextCall={nextCall} />}
          <TicketForm customer={current} vehicleId={vehicleId} onCreated={(ticket) => {
            setCreated(ticket);
            if (lookup) void results.refetch();
          }} />
        </Space>
      </Col>
      {registering && (
        <Suspense fallback={null}>
          <RegisterCallerModal
        open={registering}
        initial={lookup ? { [lookup.by]: lookup.value } : {}}
        onClose={() => setRegistering(false)}
        onRegistered={(customer) => {
          setRegistering(false);
          select(customer, lookup);
        }}
          />
        </Suspense>
      )}
    </Row>
  );
}
