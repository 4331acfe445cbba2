import { Button, Card } from 'antd';
import { Link } from 'react-router';
import { useLocale } from '../../../i18n/useLocale';
import { useSession } from '../../auth/useSession';
import { KbSearch } from '../components/KbSearch';
import { isKbEditor } from '../kb-api';

/** `/kb`: every role searches the articles it may read; editors and admins also write them and list drafts. */
export function KbSearchPage() {
  const { t } = useLocale();
  const { user } = useSession();
  const editor = isKbEditor(user?.role);
  return (
    <Card
      title={t('kb.title')}
      data-testid="kb-page"
      extra={
        editor && (
          <Link to="/kb/new">
            <Button type="primary" data-testid="kb-new">
              {t('kb.new')}
            </Button>
          </Link>
        )
      }
      style={{ maxWidth: 1000 }}
    >
      <KbSearch statusFilter={editor} />
    </Card>
  );
}
