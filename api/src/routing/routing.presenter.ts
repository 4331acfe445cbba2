import type { RoutingDecision } from '@careline/shared';
import { namesForDecision } from '@careline/shared/server';
import type { AppContext } from '../context';

/** A decision with the names of every dealer and department it mentions, so a person can read "why here". */
export async function presentDecision(context: AppContext, decision: RoutingDecision) {
  const dealerIds = new Set<string>();
  if (decision.target.kind === 'dealer') dealerIds.add(decision.target.dealerId);
  for (const entry of decision.trace) for (const candidate of entry.candidates ?? []) dealerIds.add(candidate.dealerId);
  const departmentIds = new Set(decision.ccDepartmentIds);
  if (decision.target.kind === 'department') departmentIds.add(decision.target.departmentId);
  const names = await namesForDecision(context.db, [...dealerIds], [...departmentIds]);
  return { ...decision, names };
}
