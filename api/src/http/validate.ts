import { AppError } from '@careline/shared';
import type { z } from 'zod';

export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/** Parses with a zod schema or throws VALIDATION_FAILED naming each problem; nothing below a route sees bad input. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  throw new AppError('VALIDATION_FAILED', { issues });
}
