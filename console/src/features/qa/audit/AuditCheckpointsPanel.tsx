import { auditPublicKeyContract, createCheckpointContract, getCheckpointContract, listCheckpointsContract } from '@shared/contracts/audit.contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useNavigate } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { saveFile } from '../../../lib/download';
import { formatDateTime } from '../../../lib/format';
import { queryKeys } from '../../../lib/query-keys';
import { AuditListTable } from './AuditListTable';
import { auditRunPath } from './audit-paths';
import { type AuditCheckpoint, fileSize } from './audit.types';
import { useStartAuditRun } from './useStartAuditRun';

/** The file exactly as signed (`<id>.json`), or its signature beside it (`<id>.json.sig`, base64), as the API keeps them. */
async function downloadCheckpoint(id: string, part: 'file' | 'signature'): Promise<void> {
  const stored = await callApi(getCheckpointContract, { params: { checkpointId: id } });
  if (part === 'file') saveFile(stored.fileName, stored.text, 'application/json');
  else saveFile(`${stored.fileName}.sig`, stored.signature, 'text/plain');
}

/** The key checkpoints are signed with: its fingerprint, the PEM, and how to check a checkpoint with it offline. */
function PublicKeyCard() {
  const { t } = useLocale();
  const key = useQuery({ queryKey: queryKeys.auditPublicKey, queryFn: () => callApi(auditPublicKeyContract, {}), staleTime: Infinity });
  return (
    <Card
      size="small"
      title={t('audit.publicKey.title')}
      data-testid="audit-public-key"
      extra={
        <Button size="small" disabled={!key.data} onClick={() => key.data && saveFile('careline-audit-public-key.pem', key.data.publicKeyPem, 'application/x-pem-file')} data-testid="audit-public-key-download">
          {t('audit.publicKey.download')}
        </Button>
      }
    >
      {key.error && <Alert type="error" showIcon title={key.error.message} />}
      {key.data && (
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'algorithm', label: t('audit.publicKey.algorithm'), children: key.data.algorithm },
            {
              key: 'fingerprint',
              label: t('audit.publicKey.fingerprint'),
              children: (
                <Typography.Text copyable className="careline-mono careline-wrap" data-testid="audit-public-key-fingerprint">
                  {key.data.fingerprint}
                </Typography.Text>
              ),
            },
            { key: 'pem', label: 'PEM', children: <pre className="careline-mono" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }} data-testid="audit-public-key-pem">{key.data.publicKeyPem}</pre> },
          ]}
        />
      )}
      <Typography.Text type="secondary" className="careline-wrap" style={{ fontSize: 12 }}>
        {t('audit.publicKey.howTo')}
      </Typography.Text>
    </Card>
  );
}

/**
 * The signed checkpoints, newest first (when, how many chains and events, whether the signature still checks, size),
 * each downloadable with its signature and usable as the reference of a verification; "take one now"; the public key.
 */
export function AuditCheckpointsPanel() {
  const { t } = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const checkpoints = useQuery({ queryKey: queryKeys.auditCheckpoints, queryFn: async () => (await callApi(listCheckpointsContract, {})).checkpoints });
  const create = useMutation({
    mutationFn: () => callApi(createCheckpointContract, {}),
    onSuccess: (checkpoint) => {
      void message.success(t('audit.checkpoints.created', { id: checkpoint.id }));
      void queryClient.invalidateQueries({ queryKey: queryKeys.auditCheckpoints });
    },
  });
  const start = useStartAuditRun();
  const download = useMutation({ mutationFn: ({ id, part }: { id: string; part: 'file' | 'signature' }) => downloadCheckpoint(id, part) });

  const columns: ColumnsType<AuditCheckpoint> = [
    { key: 'createdAt', title: t('audit.col.createdAt'), render: (_, checkpoint) => formatDateTime(checkpoint.createdAt) },
    { key: 'id', title: t('audit.col.id'), render: (_, checkpoint) => <span className="careline-mono" style={{ fontSize: 12 }}>{checkpoint.id}</span> },
    { key: 'chains', title: t('audit.col.chains'), dataIndex: 'ticketCount', align: 'right' },
    { key: 'events', title: t('audit.col.events'), dataIndex: 'eventCount', align: 'right' },
    {
      key: 'signature',
      title: t('audit.col.signature'),
      render: (_, checkpoint) => (
        <Tag color={checkpoint.valid ? 'success' : 'error'} data-testid="audit-checkpoint-signature">
          {t(checkpoint.valid ? 'audit.signature.valid' : 'audit.signature.invalid')}
        </Tag>
      ),
    },
    { key: 'size', title: t('audit.col.size'), align: 'right', render: (_, checkpoint) => fileSize(checkpoint.bytes) },
    {
      key: 'actions',
      title: t('audit.col.actions'),
      render: (_, checkpoint) => (
        <Space wrap size={4}>
          <Button size="small" onClick={() => download.mutate({ id: checkpoint.id, part: 'file' })} data-testid="audit-checkpoint-download">
            {t('audit.checkpoints.download')}
          </Button>
          <Button size="small" onClick={() => download.mutate({ id: checkpoint.id, part: 'signature' })} data-testid="audit-checkpoint-download-signature">
            {t('audit.checkpoints.downloadSignature')}
          </Button>
          <Button
            size="small"
            disabled={!checkpoint.valid}
            loading={start.isPending && start.variables === checkpoint.id}
            onClick={() => start.mutate(checkpoint.id, { onSuccess: (run) => navigate(auditRunPath(run.id)) })}
            data-testid="audit-checkpoint-verify"
          >
            {t('audit.checkpoints.verifyAgainst')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="audit-checkpoints">
      <Typography.Text type="secondary">{t('audit.checkpoints.explained')}</Typography.Text>
      <Space wrap>
        <Button type="primary" onClick={() => create.mutate()} loading={create.isPending} data-testid="audit-checkpoint-create">
          {t('audit.checkpoints.create')}
        </Button>
      </Space>
      {[checkpoints.error, create.error, start.error, download.error].map((error, index) => error && <Alert key={index} type="error" showIcon title={error.message} />)}
      <AuditListTable<AuditCheckpoint>
        query={checkpoints}
        columns={columns}
        emptyText={t('audit.checkpoints.empty')}
        rowAttributes={(checkpoint) => ({ 'data-testid': 'audit-checkpoint-row', 'data-checkpoint-id': checkpoint.id, 'data-valid': checkpoint.valid })}
      />
      <PublicKeyCard />
    </Space>
  );
}
