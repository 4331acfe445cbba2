import { Spin } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../features/auth/useSession';
import { RealtimeProvider } from '../lib/realtime';
import { AppLayout } from './AppLayout';

/** The signed-in part of the console: the layout, the live socket, and a redirect to sign-in without a session. */
export function RequireSession() {
  const { user, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) {
    return (
      <div style={{ height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
        <Spin size="large" />
      </div>
    );
  }
  if (!user) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <RealtimeProvider userId={user.id}>
      <AppLayout user={user} />
    </RealtimeProvider>
  );
}
