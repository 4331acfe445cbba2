import { useCallback, useState } from 'react';

const STORAGE_KEY = 'careline.savedTicketFilters';

export interface SavedFilter {
  name: string;
  /** The queue's URL query (view and filters). */
  query: string;
}

function read(): SavedFilter[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((item): item is SavedFilter => typeof item?.name === 'string' && typeof item?.query === 'string') : [];
  } catch {
    return [];
  }
}

/** Named filter sets kept in this browser (localStorage), e.g. "北京 P1 投诉". */
export function useSavedFilters() {
  const [filters, setFilters] = useState<SavedFilter[]>(read);
  const persist = (next: SavedFilter[]) => {
    setFilters(next);
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Storage full or disabled: kept for this tab only.
    }
  };
  const save = useCallback((filter: SavedFilter) => persist([...read().filter((item) => item.name !== filter.name), filter]), []);
  const remove = useCallback((name: string) => persist(read().filter((item) => item.name !== name)), []);
  return { filters, save, remove };
}
