/** The path of a verification run's page (what it found): the live alert (in the entry) and the audit pages link to it. */
export const auditRunPath = (runId: string) => `/qa/audit/runs/${runId}`;
