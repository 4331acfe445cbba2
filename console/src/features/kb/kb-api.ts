import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ContractBody, ContractResponse } from '@shared/contracts/contract';
import {
  archiveKbArticleContract,
  createKbArticleContract,
  getKbArticleContract,
  getKbVersionContract,
  linkTicketKbContract,
  listKbVersionsContract,
  listTicketKbContract,
  publishKbArticleContract,
  searchKbContract,
  updateKbArticleContract,
} from '@shared/contracts/kb.contracts';
import type { Role } from '@careline/shared';
import { callApi } from '../../lib/api';
import { queryKeys } from '../../lib/query-keys';

export type KbSearchHit = ContractResponse<typeof searchKbContract>['items'][number];
export type KbArticle = ContractResponse<typeof getKbArticleContract>['article'];
export type KbArticleVersion = ContractResponse<typeof getKbVersionContract>['version'];
export type KbArticleInput = ContractBody<typeof createKbArticleContract>;
export type KbStatus = KbArticle['status'];
export type KbAudience = KbArticle['audience'];
export type TextSegment = KbSearchHit['snippet'][number];

/**
 * The statuses and audiences as the console lists them, typed against the contract: a value import from
 * `@shared/kb/kb.schemas` would bring zod into the chunk.
 */
export const KB_STATUS_LIST: readonly KbStatus[] = ['draft', 'published', 'archived'];
export const KB_AUDIENCE_LIST: readonly KbAudience[] = ['agents', 'everyone'];

/** Who writes, publishes and archives (the API's `access.kbEditors`, and kb.routes.tsx's guard); everyone else reads. */
const KB_EDITOR_ROLES: readonly Role[] = ['editor', 'admin'];
export const isKbEditor = (role: Role | undefined) => role !== undefined && KB_EDITOR_ROLES.includes(role);

/**
 * The knowledge base's query keys (prefix 'kb'; a save or publish refreshes its searches and versions). Here rather
 * than in lib/query-keys.ts, which loads with every first page: only this chunk uses them. The articles used on a
 * ticket sit under the ticket's key, so the realtime layer's `ticket.changed` refreshes them with it.
 */
const kbKeys = {
  search: (params: object) => ['kb', 'search', params] as const,
  article: (id: string) => ['kb', 'article', id] as const,
  versions: (id: string) => ['kb', 'versions', id] as const,
  version: (id: string, version: number) => ['kb', 'versions', id, version] as const,
  ticketArticles: (ticketId: string) => [...queryKeys.ticket(ticketId), 'kb-articles'] as const,
};

export interface KbSearchFilters {
  q?: string;
  model?: string;
  year?: number;
  status?: KbStatus;
}

const PAGE_SIZE = 20;

/** Ranked search (`GET /api/kb/articles`), a page at a time (`nextCursor`); empty text lists the newest articles. */
export function useKbSearch(filters: KbSearchFilters, enabled = true) {
  const query = { q: filters.q || undefined, model: filters.model || undefined, year: filters.year, status: filters.status, limit: PAGE_SIZE };
  return useInfiniteQuery({
    queryKey: kbKeys.search(query),
    queryFn: ({ pageParam }) => callApi(searchKbContract, { query: { ...query, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useKbArticle(id: string | undefined) {
  return useQuery({
    queryKey: kbKeys.article(id ?? ''),
    queryFn: async () => (await callApi(getKbArticleContract, { params: { id: id ?? '' } })).article,
    enabled: Boolean(id),
  });
}

export function useKbVersions(id: string | undefined, enabled = true) {
  return useQuery({
    queryKey: kbKeys.versions(id ?? ''),
    queryFn: async () => (await callApi(listKbVersionsContract, { params: { id: id ?? '' } })).items,
    enabled: Boolean(id) && enabled,
  });
}

export function useKbVersion(id: string | undefined, version: number) {
  return useQuery({
    queryKey: kbKeys.version(id ?? '', version),
    queryFn: async () => (await callApi(getKbVersionContract, { params: { id: id ?? '', version } })).version,
    enabled: Boolean(id) && Number.isInteger(version) && version > 0,
  });
}

/** After a write: the article's cache holds the answer, and every search and version list is refetched. */
function useKbWrite() {
  const queryClient = useQueryClient();
  return (article: KbArticle) => {
    queryClient.setQueryData(kbKeys.article(article.id), article);
    void queryClient.invalidateQueries({ queryKey: ['kb', 'search'] });
    void queryClient.invalidateQueries({ queryKey: kbKeys.versions(article.id) });
  };
}

export function useCreateKbArticle() {
  const written = useKbWrite();
  return useMutation({
    mutationFn: async (input: KbArticleInput) => (await callApi(createKbArticleContract, { body: input })).article,
    onSuccess: written,
  });
}

/** Saves a new version; `version` is the one the editor started from (409 when someone saved in between). */
export function useUpdateKbArticle(id: string) {
  const written = useKbWrite();
  return useMutation({
    mutationFn: async (input: { version: number; article: KbArticleInput }) => (await callApi(updateKbArticleContract, { params: { id }, body: input })).article,
    onSuccess: written,
  });
}

export function useKbStatusChange(id: string) {
  const written = useKbWrite();
  return useMutation({
    mutationFn: async ({ to, version }: { to: 'publish' | 'archive'; version: number }) =>
      (await callApi(to === 'publish' ? publishKbArticleContract : archiveKbArticleContract, { params: { id }, body: { version } })).article,
    onSuccess: written,
  });
}

/** The articles used on a ticket (`GET /api/tickets/:id/kb-articles`). */
export function useTicketKbArticles(ticketId: string) {
  return useQuery({
    queryKey: kbKeys.ticketArticles(ticketId),
    queryFn: async () => (await callApi(listTicketKbContract, { params: { id: ticketId } })).items,
  });
}

/** Attaches an article to a ticket (and resolves it with the article when `resolve`); refreshes the ticket and its history. */
export function useLinkTicketKb(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractBody<typeof linkTicketKbContract>) => callApi(linkTicketKbContract, { params: { id: ticketId }, body }),
    onSettled: () => {
      // Under 'ticket' too: the attached list, and the ticket whose version and status moved.
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticket(ticketId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.ticketEvents(ticketId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tickets() });
      void queryClient.invalidateQueries({ queryKey: ['kb', 'search'] });
    },
  });
}
