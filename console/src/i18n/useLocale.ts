import { useContext } from 'react';
import { LocaleContext, type LocaleContextValue } from './LocaleProvider';

/** `{ locale, setLocale, t }`: the current language and the translator for it. */
export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside <LocaleProvider>');
  return value;
}
