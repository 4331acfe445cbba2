import { REJECT_REASONS } from '@shared/tickets/ticket-vocabulary';
import { Button, Form, Input, Modal, Popconfirm, Radio, Select, Space } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { nameOf } from '../../../lib/format';
import { useDealers, useDepartments } from '../hooks/useReference';
import { useTicketCommand } from '../hooks/useTicketCommand';
import type { Ticket } from '../ticket.types';

export type TicketActionName = 'acknowledge' | 'reject' | 'route' | 'dispatch' | 'start' | 'pend' | 'resume' | 'resolve' | 'reopen' | 'close' | 'cancel';

/** Actions whose body is only the version shown (and an optional comment). */
type SimpleAction = Exclude<TicketActionName, 'reject' | 'dispatch'>;

const SIMPLE: SimpleAction[] = ['start', 'pend', 'resume', 'reopen', 'close'];

/** Reject with a reason code (and a text for "other"); the ticket is rerouted at once. */
export function RejectModal({ ticket, open, onClose }: { ticket: Ticket; open: boolean; onClose: () => void }) {
  const { t } = useLocale();
  const navigate = useNavigate();
  const location = useLocation();
  const [form] = Form.useForm<{ reasonCode: (typeof REJECT_REASONS)[number]; reasonText?: string }>();
  const command = useTicketCommand();
  const reasonCode = Form.useWatch('reasonCode', form);
  return (
    <Modal
      open={open}
      title={`${t('tickets.action.reject')} · ${ticket.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('tickets.action.reject')}
      okButtonProps={{ danger: true, 'data-testid': 'reject-confirm' } as import('antd').ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={command.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) =>
          command.mutate(
            { ticketId: ticket.id, path: 'reject', body: { version: ticket.version, reasonCode: values.reasonCode, ...(values.reasonText?.trim() ? { reasonText: values.reasonText.trim() } : {}) } },
            {
              onSuccess: (result) => {
                onClose();
                // The ticket left this dealer with the rejection: its page would only say "not found" now.
                if (result && 'ticket' in result && result.ticket === null && location.pathname.startsWith('/tickets/')) navigate('/', { replace: true });
              },
            },
          )
        }
      >
        <Form.Item name="reasonCode" label={t('tickets.reject.reason')} rules={[{ required: true, message: t('workspace.form.required') }]}>
          <Radio.Group>
            <Space direction="vertical">
              {REJECT_REASONS.map((reason) => (
                <Radio key={reason} value={reason}>
                  <span data-testid={`reject-reason-${reason}`}>{t(`rejectReason.${reason}`)}</span>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="reasonText" label={t('tickets.reject.text')} rules={reasonCode === 'other' ? [{ required: true, whitespace: true, message: t('tickets.reject.textRequired') }] : undefined}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} data-testid="reject-text" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Dispatch by hand (or transfer an owned ticket) to a dealer or a department, with copies. */
function DispatchModal({ ticket, open, onClose }: { ticket: Ticket; open: boolean; onClose: () => void }) {
  const { t, locale } = useLocale();
  const [form] = Form.useForm<{ kind: 'dealer' | 'department'; dealerId?: string; departmentId?: string; ccDepartmentIds?: string[]; reason?: string }>();
  const dealers = useDealers(open);
  const departments = useDepartments(open);
  const command = useTicketCommand();
  const kind = Form.useWatch('kind', form) ?? 'dealer';
  const excluded = new Set(ticket.excludedDealerIds);
  return (
    <Modal
      open={open}
      title={`${t(ticket.responsibleDealer || ticket.responsibleDepartment ? 'tickets.action.transfer' : 'tickets.action.dispatch')} · ${ticket.number}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      cancelText={t('common.cancel')}
      confirmLoading={command.isPending}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ kind: 'dealer', ccDepartmentIds: ticket.ccDepartments.map((department) => department.id) }}
        onFinish={(values) =>
          command.mutate(
            {
              ticketId: ticket.id,
              path: 'dispatch',
              body: {
                version: ticket.version,
                ...(values.kind === 'dealer' ? { dealerId: values.dealerId } : { departmentId: values.departmentId }),
                ...(values.ccDepartmentIds?.length ? { ccDepartmentIds: values.ccDepartmentIds } : {}),
                ...(values.reason?.trim() ? { reason: values.reason.trim() } : {}),
              },
            },
            { onSuccess: onClose },
          )
        }
      >
        <Form.Item name="kind" label={t('tickets.dispatch.target')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'dealer', label: t('tickets.dispatch.dealer') },
              { value: 'department', label: t('tickets.dispatch.department') },
            ]}
          />
        </Form.Item>
        {kind === 'dealer' ? (
          <Form.Item name="dealerId" label={t('tickets.dispatch.dealer')} rules={[{ required: true, message: t('workspace.form.required') }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={dealers.isLoading}
              options={(dealers.data ?? []).map((dealer) => ({
                value: dealer.id,
                label: `${dealer.code} ${nameOf(dealer, locale)} · ${dealer.city}`,
                disabled: excluded.has(dealer.id),
              }))}
              data-testid="dispatch-dealer"
            />
          </Form.Item>
        ) : (
          <Form.Item name="departmentId" label={t('tickets.dispatch.department')} rules={[{ required: true, message: t('workspace.form.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(departments.data ?? []).map((department) => ({ value: department.id, label: nameOf(department, locale) }))} />
          </Form.Item>
        )}
        <Form.Item name="ccDepartmentIds" label={t('tickets.dispatch.cc')}>
          <Select mode="multiple" allowClear options={(departments.data ?? []).map((department) => ({ value: department.id, label: nameOf(department, locale) }))} />
        </Form.Item>
        <Form.Item name="reason" label={t('tickets.dispatch.reason')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A transition with an optional comment (resolve, pend, cancel …). */
function CommentModal({ ticket, action, onClose }: { ticket: Ticket; action: SimpleAction | null; onClose: () => void }) {
  const { t } = useLocale();
  const [comment, setComment] = useState('');
  const command = useTicketCommand();
  return (
    <Modal
      open={action !== null}
      title={action ? `${t(`tickets.action.${action}`)} · ${ticket.number}` : ''}
      onCancel={onClose}
      okText={action ? t(`tickets.action.${action}`) : undefined}
      okButtonProps={{ danger: action === 'cancel', 'data-testid': 'action-confirm' } as import('antd').ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={command.isPending}
      onOk={() =>
        action &&
        command.mutate(
          { ticketId: ticket.id, path: action, body: { version: ticket.version, ...(comment.trim() ? { comment: comment.trim() } : {}) } },
          {
            onSuccess: () => {
              setComment('');
              onClose();
            },
          },
        )
      }
      destroyOnHidden
    >
      <Input.TextArea autoFocus value={comment} onChange={(event) => setComment(event.target.value)} placeholder={t('tickets.action.comment')} autoSize={{ minRows: 3 }} maxLength={2000} data-testid="action-comment" />
    </Modal>
  );
}

/**
 * The buttons the ticket's `abilities` allow, nothing more: the API decides who may do what. Every command sends
 * the version shown; a conflict refetches (useTicketCommand).
 */
export function TicketActions({ ticket, only, size = 'middle' }: { ticket: Ticket; only?: TicketActionName[]; size?: 'small' | 'middle' | 'large' }) {
  const { t } = useLocale();
  const command = useTicketCommand();
  const [rejecting, setRejecting] = useState(false);
  const [dispatching, setDispatching] = useState(false);
  const [commenting, setCommenting] = useState<SimpleAction | null>(null);
  const shown = (action: TicketActionName) => !only || only.includes(action);
  const abilities = ticket.abilities;
  const canRoute = abilities.route;
  const simple = (action: SimpleAction) => command.mutate({ ticketId: ticket.id, path: action, body: { version: ticket.version } });
  const busy = command.isPending;

  return (
    <Space wrap size={[8, 8]} data-testid="ticket-actions" onClick={(event) => event.stopPropagation()}>
      {abilities.acknowledge && shown('acknowledge') && (
        <Button type="primary" size={size} loading={busy && command.variables?.path === 'acknowledge'} onClick={() => simple('acknowledge')} data-testid="acknowledge-button">
          {t('tickets.action.acknowledge')}
        </Button>
      )}
      {abilities.reject && shown('reject') && (
        <Button danger size={size} onClick={() => setRejecting(true)} data-testid="reject-button">
          {t('tickets.action.reject')}
        </Button>
      )}
      {canRoute && shown('route') && (
        <Button type="primary" size={size} loading={busy && command.variables?.path === 'route'} onClick={() => simple('route')} data-testid="route-button">
          {t('tickets.action.route')}
        </Button>
      )}
      {abilities.dispatch && shown('dispatch') && (
        <Button size={size} onClick={() => setDispatching(true)} data-testid="dispatch-button">
          {t(ticket.status === 'new' || ticket.status === 'rerouted' ? 'tickets.action.dispatch' : 'tickets.action.transfer')}
        </Button>
      )}
      {SIMPLE.filter((action) => abilities[action as keyof typeof abilities] && shown(action)).map((action) => (
        <Button
          key={action}
          size={size}
          type={action === 'start' || action === 'resume' || action === 'close' ? 'primary' : 'default'}
          ghost={action === 'close'}
          loading={busy && command.variables?.path === action}
          onClick={() => (action === 'pend' || action === 'reopen' ? setCommenting(action) : simple(action))}
          data-testid={`${action}-button`}
        >
          {t(`tickets.action.${action}`)}
        </Button>
      ))}
      {abilities.resolve && shown('resolve') && (
        <Button type="primary" size={size} style={{ background: '#389e0d' }} onClick={() => setCommenting('resolve')} data-testid="resolve-button">
          {t('tickets.action.resolve')}
        </Button>
      )}
      {abilities.cancel && shown('cancel') && (
        <Popconfirm title={t('tickets.action.confirmCancel')} onConfirm={() => setCommenting('cancel')} okText={t('common.confirm')} cancelText={t('common.cancel')}>
          <Button danger type="text" size={size} data-testid="cancel-button">
            {t('tickets.action.cancel')}
          </Button>
        </Popconfirm>
      )}
      <RejectModal ticket={ticket} open={rejecting} onClose={() => setRejecting(false)} />
      {dispatching && <DispatchModal ticket={ticket} open={dispatching} onClose={() => setDispatching(false)} />}
      <CommentModal ticket={ticket} action={commenting} onClose={() => setCommenting(null)} />
    </Space>
  );
}
