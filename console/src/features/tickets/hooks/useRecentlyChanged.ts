import { useState } from 'react';
import { useTicketEvents } from '../../../lib/realtime';

const FLASH_MS = 5000;

/** Ids of tickets a `ticket.changed` named in the last few seconds: rows flash so the eye finds what moved. */
export function useRecentlyChanged(): Set<string> {
  const [changed, setChanged] = useState<Set<string>>(() => new Set());
  useTicketEvents((event) => {
    setChanged((previous) => new Set(previous).add(event.ticketId));
    setTimeout(() => {
      setChanged((previous) => {
        const next = new Set(previous);
        next.delete(event.ticketId);
        return next;
      });
    }, FLASH_MS);
  });
  return changed;
}
