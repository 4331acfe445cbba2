import type { ReactElement } from 'react';
import { useParams } from 'react-router';
import { NotFoundPage, Problem } from '../../app/ErrorPage';
import { useLocale } from '../../i18n/useLocale';
import { useSession } from '../auth/useSession';
import { isKbEditor } from './kb-api';
import { KbArticlePage } from './pages/KbArticlePage';
import { KbEditArticlePage, KbNewArticlePage } from './pages/KbEditorPage';
import { KbSearchPage } from './pages/KbSearchPage';
import { KbVersionPage } from './pages/KbVersionPage';

/** Writing pages: editors and admins; another role gets the layout's own "no access" answer. */
function EditorsOnly({ page }: { page: ReactElement }) {
  const { t } = useLocale();
  const { user } = useSession();
  return isKbEditor(user?.role) ? page : <Problem title={t('common.noAccess')} detail={t('common.noAccessDetail')} />;
}

/**
 * The pages under /kb: `/kb` (search), `/kb/new`, `/kb/:id`, `/kb/:id/edit`, `/kb/:id/versions/:version`. The route
 * file (kb.routes.tsx) loads with every first page, whose 400 KB budget had 0.15 KB left: it declares `kb/*` only, and
 * the pages are chosen here, in the KB chunk, from the rest of the path (react-router's `<Routes>` would have brought
 * its own code into the entry), with the writing pages' role guard.
 */
export function KbRoutes() {
  const [id, view, version, ...rest] = (useParams()['*'] ?? '').split('/').filter(Boolean);
  if (rest.length > 0) return <NotFoundPage />;
  if (!id) return <KbSearchPage />;
  if (id === 'new') return view ? <NotFoundPage /> : <EditorsOnly page={<KbNewArticlePage />} />;
  if (!view) return <KbArticlePage key={id} id={id} />;
  if (view === 'edit' && !version) return <EditorsOnly page={<KbEditArticlePage key={id} id={id} />} />;
  if (view === 'versions' && version && /^\d+$/.test(version)) return <EditorsOnly page={<KbVersionPage key={`${id}:${version}`} id={id} version={Number(version)} />} />;
  return <NotFoundPage />;
}
