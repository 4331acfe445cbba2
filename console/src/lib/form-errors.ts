import type { FormInstance } from 'antd';
import { isApiError } from './api-client';

/**
 * Puts a VALIDATION_FAILED answer's issues on the form's fields (`vehicles.0.vin` → ['vehicles', 0, 'vin']).
 * Returns false when the error was not one of those, so the caller shows it another way.
 */
export function showValidationIssues(form: FormInstance, error: unknown, mapPath: (path: (string | number)[]) => (string | number)[] = (path) => path): boolean {
  if (!isApiError(error, 'VALIDATION_FAILED')) return false;
  const issues = (error.details?.issues ?? []) as Array<{ path: string; message: string }>;
  const fields = issues
    .filter((issue) => issue.path)
    .map((issue) => ({
      name: mapPath(issue.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))),
      errors: [issue.message],
    }));
  if (fields.length === 0) return false;
  form.setFields(fields);
  return true;
}
