import type { Actor } from '@careline/shared';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      id: string;
      actor?: Actor;
      sessionToken?: string;
    }
  }
}

export {};
