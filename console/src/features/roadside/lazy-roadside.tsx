import { lazy } from 'react';
import { registerMessages } from '../../i18n/registry';

/** The panels' chunk (antd lists, radio buttons, inputs) with their words: loaded only where a rescue is shown. */
const withWords = async () => registerMessages((await import('./roadside-panel-words')).roadsidePanelMessages);

export const LazyProviderOffers = lazy(async () => {
  const [module] = await Promise.all([import('./ProviderOffers'), withWords()]);
  return { default: module.ProviderOffers };
});

export const LazyRoadsidePanel = lazy(async () => {
  const [module] = await Promise.all([import('./RoadsidePanel'), withWords()]);
  return { default: module.RoadsidePanel };
});
