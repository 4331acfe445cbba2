import { createQaScorecardContract, listQaScorecardsContract, updateQaScorecardContract } from '@shared/contracts/qa.contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { showValidationIssues } from '../../../lib/form-errors';
import { queryKeys } from '../../../lib/query-keys';
import { useSession } from '../../auth/useSession';
import { cardName, itemLabel, type QaScorecard, type QaScorecardItem } from '../qa.types';

interface CardForm {
  code: string;
  nameZh: string;
  nameEn: string;
  items: QaScorecardItem[];
}

/**
 * Scorecards (configuration, with history): QA and admins add one, edit its names and items (key, labels, kind,
 * weight), retire and restore it; supervisors read. A change applies to reviews saved after it; finished reviews keep
 * their answers and score.
 */
export function ScorecardsPage() {
  const { t, locale } = useLocale();
  const { user } = useSession();
  const canEdit = user?.role === 'qa' || user?.role === 'admin';
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<QaScorecard | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const cards = useQuery({
    queryKey: queryKeys.qaScorecards,
    queryFn: async () => (await callApi(listQaScorecardsContract, {})).items,
  });
  const setActive = useMutation({
    mutationFn: (card: QaScorecard) => callApi(updateQaScorecardContract, { params: { id: card.id }, body: { version: card.version, active: !card.active } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.qaScorecards }),
    onError: (error) => {
      setProblem(error.message);
      void queryClient.invalidateQueries({ queryKey: queryKeys.qaScorecards });
    },
  });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="qa-scorecards-page">
      {canEdit && (
        <Button type="primary" onClick={() => setEditing('new')} data-testid="qa-scorecard-add">
          {t('qa.cards.add')}
        </Button>
      )}
      {problem && <Alert type="error" showIcon closable title={problem} onClose={() => setProblem(null)} data-testid="qa-scorecard-error" />}
      <Table<QaScorecard>
        size="small"
        rowKey="id"
        loading={cards.isLoading}
        dataSource={cards.data ?? []}
        pagination={false}
        onRow={(card) => ({ 'data-testid': 'qa-scorecard-row', 'data-code': card.code, 'data-active': card.active }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowRender: (card) => (
            <ul style={{ margin: 0 }}>
              {card.items.map((item) => (
                <li key={item.key}>
                  {itemLabel(item, locale)} <Typography.Text type="secondary">({item.key} · {t(`qa.kind.${item.kind}`)} · {t('qa.review.weight', { n: item.weight })})</Typography.Text>
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { key: 'code', title: t('qa.cards.code'), dataIndex: 'code', render: (code: string) => <Typography.Text code>{code}</Typography.Text> },
          { key: 'name', title: t('qa.cards.name'), render: (_, card) => cardName(card, locale) },
          { key: 'items', title: t('qa.cards.items'), align: 'right', render: (_, card) => card.items.length },
          { key: 'active', title: t('qa.cards.state'), render: (_, card) => (card.active ? <Tag color="green">{t('qa.cards.active')}</Tag> : <Tag>{t('qa.cards.retired')}</Tag>) },
          { key: 'updatedAt', title: t('qa.cards.updatedAt'), render: (_, card) => `${formatDateTime(card.updatedAt)} · v${card.version}` },
          ...(canEdit
            ? [
                {
                  key: 'actions',
                  title: '',
                  render: (_: unknown, card: QaScorecard) => (
                    <Space size={4}>
                      <Button size="small" onClick={() => setEditing(card)} data-testid="qa-scorecard-edit">
                        {t('qa.cards.edit')}
                      </Button>
                      {card.active ? (
                        <Popconfirm title={t('qa.cards.retireConfirm')} onConfirm={() => setActive.mutate(card)}>
                          <Button size="small" danger data-testid="qa-scorecard-retire">
                            {t('qa.cards.retire')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button size="small" onClick={() => setActive.mutate(card)} data-testid="qa-scorecard-restore">
                          {t('qa.cards.restore')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <ScorecardEditor card={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Space>
  );
}

// The kinds the API takes (QA_ITEM_KINDS in @shared/qa/qa-review, which would bring zod into the chunk), checked
// against the contract's type.
const ITEM_KINDS = ['yes_no', 'scale'] as const satisfies ReadonlyArray<QaScorecardItem['kind']>;

const NEW_ITEM: QaScorecardItem = { key: '', labelZh: '', labelEn: '', kind: 'yes_no', weight: 10 };

function ScorecardEditor({ card, onClose }: { card: QaScorecard | null; onClose: () => void }) {
  const { t } = useLocale();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CardForm>();
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (values: CardForm) =>
      card
        ? callApi(updateQaScorecardContract, { params: { id: card.id }, body: { version: card.version, nameZh: values.nameZh, nameEn: values.nameEn, items: values.items } })
        : callApi(createQaScorecardContract, { body: values }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.qaScorecards });
      onClose();
    },
    onError: (error) => {
      if (showValidationIssues(form, error)) return;
      if (isApiError(error, 'VERSION_CONFLICT')) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.qaScorecards });
        setProblem(`${error.message} ${t('qa.cards.conflict')}`);
        return;
      }
      if (isApiError(error, 'DUPLICATE')) {
        form.setFields([{ name: 'code', errors: [error.message] }]);
        return;
      }
      setProblem(error.message);
    },
  });
  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    setProblem(null);
    save.mutate(values);
  };

  return (
    <Modal
      open
      width={900}
      title={card ? t('qa.cards.editTitle', { code: card.code }) : t('qa.cards.add')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      okButtonProps={{ loading: save.isPending, ...({ 'data-testid': 'qa-scorecard-save' } as object) }}
      destroyOnHidden
    >
      <Form<CardForm>
        form={form}
        layout="vertical"
        initialValues={card ? { code: card.code, nameZh: card.nameZh, nameEn: card.nameEn, items: card.items } : { items: [NEW_ITEM] }}
        data-testid="qa-scorecard-form"
      >
        <Space wrap size={12} align="start">
          <Form.Item name="code" label={t('qa.cards.code')} rules={[{ required: true, pattern: /^[A-Z][A-Z0-9-]{1,39}$/, message: t('qa.cards.codeRule') }]}>
            <Input disabled={card !== null} style={{ width: 180 }} data-testid="qa-scorecard-code" />
          </Form.Item>
          <Form.Item name="nameZh" label={t('qa.cards.nameZh')} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input style={{ width: 240 }} data-testid="qa-scorecard-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('qa.cards.nameEn')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input style={{ width: 280 }} data-testid="qa-scorecard-name-en" />
          </Form.Item>
        </Space>
        <Typography.Text strong>{t('qa.cards.items')}</Typography.Text>
        <Form.List name="items" rules={[{ validator: async (_, items?: unknown[]) => (items && items.length > 0 ? undefined : Promise.reject(new Error(t('qa.cards.needItem')))) }]}>
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} wrap size={8} align="start" data-testid="qa-scorecard-item" style={{ marginTop: 8 }}>
                  <Form.Item name={[field.name, 'key']} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('qa.cards.keyRule') }]} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('qa.cards.key')} style={{ width: 170 }} data-testid={`qa-scorecard-item-key-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'labelZh']} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('qa.cards.labelZh')} style={{ width: 180 }} data-testid={`qa-scorecard-item-label-zh-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'labelEn']} rules={[{ required: true, whitespace: true, max: 160 }]} style={{ marginBottom: 0 }}>
                    <Input placeholder={t('qa.cards.labelEn')} style={{ width: 200 }} data-testid={`qa-scorecard-item-label-en-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                    <Select style={{ width: 110 }} options={ITEM_KINDS.map((kind) => ({ value: kind, label: t(`qa.kind.${kind}`) }))} data-testid={`qa-scorecard-item-kind-${index}`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'weight']} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
                    <InputNumber min={1} max={100} precision={0} prefix={t('qa.cards.weight')} style={{ width: 130 }} data-testid={`qa-scorecard-item-weight-${index}`} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} disabled={fields.length <= 1} data-testid={`qa-scorecard-item-remove-${index}`}>
                    {t('qa.cards.removeItem')}
                  </Button>
                </Space>
              ))}
              <Form.ErrorList errors={errors} />
              <Button type="dashed" onClick={() => add({ ...NEW_ITEM })} style={{ marginTop: 8 }} data-testid="qa-scorecard-item-add">
                {t('qa.cards.addItem')}
              </Button>
            </>
          )}
        </Form.List>
        {problem && <Alert type="error" showIcon title={problem} style={{ marginTop: 12 }} data-testid="qa-scorecard-form-error" />}
      </Form>
    </Modal>
  );
}
