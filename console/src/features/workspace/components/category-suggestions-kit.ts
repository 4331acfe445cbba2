import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { createElement, useEffect, useState } from 'react';
import { useLocale } from '../../../i18n/useLocale';
import { callApi } from '../../../lib/api';
import { nameOf } from '../../../lib/format';

/**
 * What the category suggestions (CategorySuggestions.ts, a lazy chunk) use of the console at run time, handed to them
 * by the ticket form, which has all of it loaded already. Why not plain imports there: a lazy chunk that imports a
 * module living in a chunk the first pages share makes the build (rolldown) split that shared chunk, and the split
 * costs every first page more than the lazy chunk saves (measured: +1.7 KB gzip on the workspace, +1.2 KB on the
 * sign-in page, with the workspace at its 400 KB budget). A chunk that imports none of them splits nothing.
 */
export const categorySuggestionsKit = {
  h: createElement,
  useState,
  useEffect,
  useQuery,
  keepPreviousData,
  useLocale,
  nameOf,
  callApi,
  ui: { Button, Space, Spin, Tag, Tooltip, Typography },
};
export type CategorySuggestionsKit = typeof categorySuggestionsKit;
