import { Segmented } from 'antd';
import type { ConsoleLocale } from '../i18n/messages';
import { useLocale } from '../i18n/useLocale';

export function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  return (
    <Segmented<ConsoleLocale>
      size="small"
      value={locale}
      onChange={(value) => setLocale(value)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'EN', value: 'en' },
      ]}
      data-testid="language-switch"
      aria-label="Language / 语言"
    />
  );
}
