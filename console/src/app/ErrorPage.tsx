import { Button, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useLocale } from '../i18n/useLocale';

/** A plain message with a way home (antd's Result carries large illustrations into the first bundle). */
export function Problem({ title, detail, extra }: { title: string; detail?: string; extra?: ReactNode }) {
  const { t } = useLocale();
  return (
    <Space direction="vertical" align="center" style={{ width: '100%', padding: '64px 16px', textAlign: 'center' }} data-testid="problem">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {detail && <Typography.Text type="secondary">{detail}</Typography.Text>}
      {extra ?? (
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      )}
    </Space>
  );
}

const RELOADED_KEY = 'careline.reloadedForNewBuild';

/** A page's code from an older build is gone after a deploy: reload once to get the new one. */
function isStaleChunk(error: unknown): boolean {
  return error instanceof Error && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);
}

/** Route error boundary: a missing page or a render crash, never a white screen. */
export function ErrorPage() {
  const { t } = useLocale();
  const error = useRouteError();
  if (isStaleChunk(error) && !sessionStorage.getItem(RELOADED_KEY)) {
    sessionStorage.setItem(RELOADED_KEY, '1');
    window.location.reload();
    return null;
  }
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return <Problem title={notFound ? t('common.notFound') : t('common.error')} detail={notFound ? undefined : error instanceof Error ? error.message : undefined} />;
}

export function NotFoundPage() {
  const { t } = useLocale();
  return <Problem title={t('common.notFound')} />;
}
