import { Navigate } from 'react-router';
import { useSession } from '../features/auth/useSession';
import { homePathFor } from './feature-registry';

/** `/` opens the role's first menu entry: the workspace for agents, the inbox for dealers. */
export function HomeRedirect() {
  const { user } = useSession();
  if (!user) return null;
  return <Navigate to={homePathFor(user.role)} replace />;
}
