import { createContext, type ReactNode, useCallback, useMemo, useState } from 'react';
import { setRequestLocale } from '../lib/api-client';
import { type ConsoleLocale, LOCALES } from './messages';
import { translate } from './registry';

const STORAGE_KEY = 'careline.locale';

export interface LocaleContextValue {
  locale: ConsoleLocale;
  setLocale: (locale: ConsoleLocale) => void;
  t: (key: string, vars?: Record<string, string | number>) => string;
}

export const LocaleContext = createContext<LocaleContextValue | null>(null);

function initialLocale(): ConsoleLocale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as ConsoleLocale;
  } catch {
    // Private mode without storage: fall back to the default.
  }
  return 'zh-CN';
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<ConsoleLocale>(() => {
    const value = initialLocale();
    setRequestLocale(value);
    return value;
  });
  const setLocale = useCallback((next: ConsoleLocale) => {
    setRequestLocale(next);
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this tab.
    }
    setLocaleState(next);
  }, []);
  const value = useMemo<LocaleContextValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}
