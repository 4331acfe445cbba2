import { createBrowserRouter } from 'react-router';
import { registerMessages } from '../i18n/registry';
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
    // The customer's tracking page: public (the token is the key), outside the signed-in layout, its own chunk.
    {
      path: '/t/:token',
      lazy: async () => {
        const [{ TrackingPage }, { trackingPageMessages }] = await Promise.all([import('../features/tracking/pages/TrackingPage'), import('../features/tracking/pages/tracking-page.messages')]);
        registerMessages(trackingPageMessages);
        return { Component: TrackingPage };
      },
    },
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
