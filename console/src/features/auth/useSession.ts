import type { Role } from '@careline/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiRequest, isApiError } from '../../lib/api-client';
import { queryKeys } from '../../lib/query-keys';

/** The signed-in user as `GET /api/auth/me` presents it. */
export interface SessionUser {
  id: string;
  kind: 'user' | 'api_key' | 'system';
  name: string;
  role: Role;
  dealerId: string | null;
  departmentId: string | null;
}

async function fetchSession(): Promise<SessionUser | null> {
  try {
    const body = await apiRequest<{ user: SessionUser; stage?: 'active' | 'mfa' | 'enrol' }>('GET', '/api/auth/me');
    // A session still awaiting its second factor (or TOTP enrolment) is not signed in yet.
    return body.stage && body.stage !== 'active' ? null : body.user;
  } catch (error) {
    if (isApiError(error, 'UNAUTHENTICATED')) return null;
    throw error;
  }
}

/** `{ user, isLoading }`: user is null when nobody is signed in. */
export function useSession() {
  const query = useQuery({ queryKey: queryKeys.session, queryFn: fetchSession, staleTime: 60_000, retry: 1 });
  return { user: query.data ?? null, isLoading: query.isLoading, error: query.error };
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { username: string; password: string }) =>
      apiRequest<{ user: SessionUser & { username: string }; next?: 'mfa' | 'enrol' | null }>('POST', '/api/auth/login', credentials),
    onSuccess: (body) => {
      // Nothing cached under the previous user may show to this one.
      queryClient.clear();
      // The password was right but a second step follows: the page asks for it.
      if (body.next) return;
      queryClient.setQueryData(queryKeys.session, {
        id: body.user.id,
        kind: body.user.kind,
        name: body.user.name,
        role: body.user.role,
        dealerId: body.user.dealerId,
        departmentId: body.user.departmentId,
      } satisfies SessionUser);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      try {
        await apiRequest<void>('POST', '/api/auth/logout');
      } catch (error) {
        if (!isApiError(error, 'UNAUTHENTICATED')) throw error;
      }
    },
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, null);
    },
  });
}

/** The second sign-in step: a TOTP code or a recovery code; the session becomes a full one. */
export function useVerifySecondFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (factor: { code: string } | { recoveryCode: string }) => apiRequest<{ user: SessionUser }>('POST', '/api/auth/mfa/verify', factor),
    onSuccess: (body) => queryClient.setQueryData(queryKeys.session, body.user),
  });
}
