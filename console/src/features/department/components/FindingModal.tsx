import { Form, Input, Modal, Typography } from 'antd';
import { useLocale } from '../../../i18n/useLocale';
import { useTicketCommand } from '../../tickets/hooks/useTicketCommand';

/**
 * Writes the department's finding: an internal note (OEM staff only), which meets the department's internal clock.
 * Ctrl+Enter saves.
 */
export function FindingModal({ ticket, onClose }: { ticket: { id: string; number: string; subject: string } | null; onClose: () => void }) {
  const { t } = useLocale();
  const [form] = Form.useForm<{ body: string }>();
  const command = useTicketCommand({ successMessage: t('department.finding.saved') });
  const submit = async () => {
    if (!ticket) return;
    const values = await form.validateFields().catch(() => undefined);
    if (!values) return;
    const { body } = values;
    command.mutate(
      { ticketId: ticket.id, path: 'notes', body: { visibility: 'internal', body } },
      {
        onSuccess: () => {
          form.resetFields();
          onClose();
        },
      },
    );
  };
  return (
    <Modal
      open={ticket !== null}
      title={t('department.finding.title', { number: ticket?.number ?? '' })}
      okText={t('department.finding.save')}
      cancelText={t('common.cancel')}
      onOk={submit}
      confirmLoading={command.isPending}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'finding-save' } as Record<string, string>}
    >
      <Typography.Paragraph type="secondary">{ticket?.subject}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="body" label={t('department.finding.label')} rules={[{ required: true, whitespace: true, message: t('department.finding.required') }, { max: 5000 }]} extra={t('department.finding.hint')}>
          <Input.TextArea
            autoFocus
            rows={6}
            maxLength={5000}
            showCount
            data-testid="finding-text"
            onKeyDown={(event) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void submit();
            }}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
