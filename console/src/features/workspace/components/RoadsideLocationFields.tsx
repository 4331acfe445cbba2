import { geocodeContract, listPlacesContract } from '@shared/contracts/geo.contracts';
import { parseCoordinates } from '@shared/geo/coordinates';
import { useQuery } from '@tanstack/react-query';
import { Alert, Cascader, Col, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { registerMessages } from '../../../i18n/registry';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { roadsideLocationMessages } from './roadside-location.messages';
import type { TicketFormValues } from './TicketForm';

registerMessages(roadsideLocationMessages);

interface PlaceOption {
  value: string;
  label: string;
  lat: number | null;
  lng: number | null;
  isLeaf: boolean;
  children?: PlaceOption[];
}

const toOption = (place: { code: string; name: string; lat: number | null; lng: number | null; hasChildren: boolean }): PlaceOption => ({
  value: place.code,
  label: place.name,
  lat: place.lat,
  lng: place.lng,
  isLeaf: !place.hasChildren,
});

const loadPlaces = async (parent?: string) => (await callApi(listPlacesContract, { query: parent ? { parent } : {} })).items.map(toOption);

/** 北京市 / 北京市 / 朝阳区 → 北京市朝阳区: a municipality is its own city. */
function addressPrefixOf(path: PlaceOption[]): string {
  return path.map((option) => option.label).filter((label, index, labels) => label !== labels[index - 1]).join('');
}

/**
 * Where the car is (roadside intake): the address, optional coordinates typed or pasted in either order, and a
 * map-free picker (province → city → district from the gazetteer) that writes the address prefix and shows the
 * district centre. Below, what the server will measure from: the typed point, what the address geocodes to, or a
 * plain warning that the distance is unknown. Loaded only when a roadside ticket is being taken.
 */
export function RoadsideLocationFields() {
  const { t } = useLocale();
  const form = Form.useFormInstance<TicketFormValues>();
  const address = (Form.useWatch('address', form) as string | undefined) ?? '';
  const coordinates = (Form.useWatch('coordinates', form) as string | undefined) ?? '';
  const fromPicker = Form.useWatch('coordinatesFromPicker', form) === true;
  const [options, setOptions] = useState<PlaceOption[]>([]);
  const [pickedPrefix, setPickedPrefix] = useState('');

  useEffect(() => {
    void loadPlaces().then(setOptions);
  }, []);

  const parsed = coordinates.trim() ? parseCoordinates(coordinates) : null;
  const typedPoint = parsed?.ok && !fromPicker ? parsed : null;

  const [debounced, setDebounced] = useState(address.trim());
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(address.trim()), 400);
    return () => clearTimeout(timer);
  }, [address]);
  const geocode = useQuery({
    queryKey: ['geocode', debounced],
    queryFn: async () => (await callApi(geocodeContract, { query: { address: debounced } })).result,
    enabled: debounced.length >= 2 && !typedPoint,
    staleTime: Infinity,
  });

  const pick = (_value: unknown, path: PlaceOption[] | undefined) => {
    if (!path || path.length === 0) return;
    const prefix = addressPrefixOf(path);
    const current = address.trim();
    const rest = pickedPrefix && current.startsWith(pickedPrefix) ? current.slice(pickedPrefix.length) : current.startsWith(prefix) ? current.slice(prefix.length) : current;
    const placed = [...path].reverse().find((option) => option.lat !== null && option.lng !== null);
    setPickedPrefix(prefix);
    form.setFieldsValue({
      address: prefix + rest,
      // Shown for the agent; not sent as a typed point: the server geocodes the same prefix and records it as such.
      ...(placed ? { coordinates: `${placed.lat}, ${placed.lng}`, coordinatesFromPicker: true } : {}),
    });
    void form.validateFields(['address', 'coordinates']).catch(() => undefined);
  };

  const status = (() => {
    if (typedPoint) {
      return <Alert type="info" showIcon data-testid="location-typed" title={t('workspace.location.typed', { lat: typedPoint.lat, lng: typedPoint.lng })} />;
    }
    if (debounced.length < 2 || geocode.isPending) return null;
    const result = geocode.data;
    if (result) {
      const place = [result.matched.province, result.matched.city, result.matched.district].filter((name, index, names) => name && name !== names[index - 1]).join(' ');
      return (
        <Alert
          type={result.precision === 'district' ? 'success' : 'warning'}
          showIcon
          data-testid="location-geocoded"
          title={t('workspace.location.geocoded', { place, precision: t(`workspace.location.precision.${result.precision}`), lat: result.lat, lng: result.lng })}
          description={result.precision === 'district' ? undefined : t('workspace.location.coarse')}
        />
      );
    }
    return <Alert type="warning" showIcon data-testid="location-distance-unknown" title={t('workspace.location.unknown')} description={t('workspace.location.unknownHint')} />;
  })();

  return (
    <>
      <Col xs={24} md={10}>
        <Form.Item label={t('workspace.location.picker')}>
          <Cascader<PlaceOption>
            options={options}
            loadData={(path) => {
              const target = path[path.length - 1];
              void loadPlaces(target.value).then((children) => {
                target.children = children;
                setOptions((current) => [...current]);
              });
            }}
            onChange={pick}
            changeOnSelect
            showSearch={false}
            placeholder={t('workspace.location.pickerPlaceholder')}
            data-testid="location-picker"
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={14}>
        <Form.Item
          name="coordinates"
          label={t('workspace.location.coordinates')}
          extra={t('workspace.location.coordinatesRule')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                if (!value || !value.trim()) return;
                const result = parseCoordinates(value);
                if (!result.ok) throw new Error(t(`workspace.location.invalid.${result.reason}`));
              },
            },
          ]}
        >
          <Input placeholder="30.2741, 120.1551" allowClear data-testid="ticket-coordinates" />
        </Form.Item>
        <Form.Item name="coordinatesFromPicker" hidden>
          <Input />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item name="address" label={t('workspace.form.location')} rules={[{ required: true, message: t('workspace.form.required') }]}>
          <Input data-testid="ticket-location" maxLength={200} />
        </Form.Item>
      </Col>
      {status && (
        <Col xs={24} style={{ marginBottom: 12 }} data-testid="location-status">
          {status}
          {fromPicker && parsed?.ok && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('workspace.location.fromPicker')}
            </Typography.Text>
          )}
        </Col>
      )}
    </>
  );
}
