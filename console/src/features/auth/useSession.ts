import type { ContractResponse } from '@shared/contracts/contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '../../lib/api-client';
import { queryKeys } from '../../lib/query-keys';
import { loginContract, logoutContract, meContract, mfaVerifyContract } from '@shared/contracts/auth.contracts';
import { callApi } from '../../lib/api';

/** The signed-in user as `GET /api/auth/me` presents it. */
export type SessionUser = ContractResponse<typeof meContract>['user'];

async function fetchSession(): Promise<SessionUser | null> {
  try {
    const body = await callApi(meContract, {});
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
      callApi(loginContract, { body: credentials }),
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
        await callApi(logoutContract, {});
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
    mutationFn: (factor: { code: string } | { recoveryCode: string }) => callApi(mfaVerifyContract, { body: factor }),
    onSuccess: (body) => queryClient.setQueryData(queryKeys.session, body.user),
  });
}
