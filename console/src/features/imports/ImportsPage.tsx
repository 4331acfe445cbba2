import { Button, Card, Space, Steps, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';
import { DuplicateCustomers } from './components/DuplicateCustomers';
import { ImportProgress } from './components/ImportProgress';
import { MappingStep } from './components/MappingStep';
import { RecentImports } from './components/RecentImports';
import { SourcePriorities } from './components/SourcePriorities';
import { UploadStep } from './components/UploadStep';
import { dealerRejectionsUrl, type ImportPreview, isDataTeam } from './import-api';

type Stage = { step: 'upload' } | { step: 'mapping'; preview: ImportPreview } | { step: 'progress'; importId: string };
const STEP_INDEX = { upload: 0, mapping: 1, progress: 2 } as const;

/**
 * Data import (issue 13): upload a file, map its columns, follow the import; the recent imports below. The data team
 * (supervisors, admins) chooses the source and may undo; admins rank the sources. A dealer's staff import as the
 * dealer source and download their own rejected rows (the dealer portal shows this page in its import tab). The data
 * team has a second tab, 重复客户 (`?tab=duplicates`): records that look like one person, compared and merged.
 */
export function ImportsPage() {
  const { t } = useLocale();
  const dataTeam = isDataTeam(useSession().user?.role);
  const [search, setSearch] = useSearchParams();
  if (!dataTeam) return <ImportWorkflow />;
  return (
    <Tabs
      activeKey={search.get('tab') === 'duplicates' ? 'duplicates' : 'import'}
      onChange={(tab) => setSearch(tab === 'duplicates' ? { tab } : {}, { replace: true })}
      destroyOnHidden
      data-testid="imports-tabs"
      items={[
        { key: 'import', label: t('imports.tab.import'), children: <ImportWorkflow /> },
        { key: 'duplicates', label: <span data-testid="imports-tab-duplicates">{t('imports.tab.duplicates')}</span>, children: <DuplicateCustomers /> },
      ]}
    />
  );
}

/** Upload, mapping and progress; the recent imports; the data team's source ranking. */
function ImportWorkflow() {
  const { t } = useLocale();
  const role = useSession().user?.role;
  const dataTeam = isDataTeam(role);
  const [stage, setStage] = useState<Stage>({ step: 'upload' });
  const restart = () => setStage({ step: 'upload' });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1200 }} data-testid="imports-page">
      <Card
        size="small"
        title={t('imports.title')}
        extra={
          stage.step !== 'upload' && (
            <Button size="small" onClick={restart} data-testid="import-again">
              {t('imports.again')}
            </Button>
          )
        }
      >
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('imports.intro')}</Typography.Text>
          <Steps
            size="small"
            current={STEP_INDEX[stage.step]}
            items={[{ title: t('imports.step.upload') }, { title: t('imports.step.mapping') }, { title: t('imports.step.progress') }]}
            style={{ maxWidth: 640 }}
          />
          {stage.step === 'upload' && <UploadStep chooseSource={dataTeam} onUploaded={(preview) => setStage({ step: 'mapping', preview })} />}
          {stage.step === 'mapping' && <MappingStep preview={stage.preview} onStarted={(record) => setStage({ step: 'progress', importId: record.id })} />}
          {stage.step === 'progress' && <ImportProgress importId={stage.importId} canUndo={dataTeam} />}
        </Space>
      </Card>
      <RecentImports
        extra={
          !dataTeam && (
            <a href={dealerRejectionsUrl()} download data-testid="import-dealer-rejections">
              {t('imports.rejections.mine')}
            </a>
          )
        }
      />
      {dataTeam && <SourcePriorities canEdit={role === 'admin'} />}
    </Space>
  );
}
