import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import type { Locale as AntdLocale } from 'antd/es/locale';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';

// English is the exception: its antd strings load when someone switches to it.
let enUS: AntdLocale | null = null;
const loadEnglish = () => import('antd/locale/en_US').then((module) => (enUS = module.default));
import { RouterProvider } from 'react-router';
import { LocaleProvider } from '../i18n/LocaleProvider';
import { useLocale } from '../i18n/useLocale';
import { createQueryClient } from './query-client';
import { createConsoleRouter } from './router';

function ThemedApp() {
  const { locale } = useLocale();
  const [router] = useState(createConsoleRouter);
  const [, setEnglishLoaded] = useState(enUS !== null);
  useEffect(() => {
    if (locale === 'en' && !enUS) void loadEnglish().then(() => setEnglishLoaded(true));
  }, [locale]);
  useEffect(() => {
    dayjs.locale(locale === 'en' ? 'en' : 'zh-cn');
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <ConfigProvider
      locale={locale === 'en' ? (enUS ?? zhCN) : zhCN}
      theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 6, fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif" } }}
    >
      <AntApp style={{ height: '100%' }}>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <ThemedApp />
      </LocaleProvider>
    </QueryClientProvider>
  );
}
