import { createBrowserRouter } from 'react-router';
import { ErrorPage, NotFoundPage } from './ErrorPage';
import { FEATURES } from './feature-registry';
import { HomeRedirect } from './HomeRedirect';
import { RequireSession } from './RequireSession';

export function createConsoleRouter() {
  return createBrowserRouter([
    // Its own chunk: a signed-in agent's first screen does not load the sign-in form.
    { path: '/login', lazy: async () => ({ Component: (await import('../features/auth/SignInPage')).SignInPage }) },
    { path: '/mfa/enrol', lazy: async () => ({ Component: (await import('../features/auth/MfaEnrolPage')).MfaEnrolPage }) },
    { path: '/account', lazy: async () => ({ Component: (await import('../features/auth/AccountPage')).AccountPage }) },
    {
      path: '/',
      Component: RequireSession,
      ErrorBoundary: ErrorPage,
      children: [
        { index: true, Component: HomeRedirect },
        {
          // Errors inside a page keep the layout (menu, header) around the error.
          ErrorBoundary: ErrorPage,
          children: [...FEATURES.flatMap((feature) => feature.routes), { path: '*', Component: NotFoundPage }],
        },
      ],
    },
  ]);
}
