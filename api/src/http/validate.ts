import { AppError, type Locale } from '@careline/shared';
import { z } from 'zod';

export interface ValidationIssue {
  path: string;
  code: string;
  /** English, as zod words it (or as the schema's own refinement says it). */
  message: string;
  /** The same in Chinese; the error handler keeps the one the caller reads. */
  messageZh?: string;
}

const worded = (map: z.core.$ZodErrorMap, issue: z.core.$ZodIssue) => {
  const result = map(issue as never);
  return typeof result === 'string' ? result : result?.message;
};
const english = z.locales.en().localeError;
const chinese = z.locales.zhCN().localeError;

/** zod's Chinese wording of an issue; a schema's own message (one naming a rule, say) stays as written. */
function inChinese(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' || issue.message !== worded(english, issue)) return issue.message;
  return worded(chinese, issue) ?? issue.message;
}

/** Keeps the issue messages in the caller's language (the details of VALIDATION_FAILED). */
export function localizeIssues(details: Record<string, unknown> | undefined, locale: Locale): Record<string, unknown> | undefined {
  if (!details || !Array.isArray(details.issues)) return details;
  return {
    ...details,
    issues: (details.issues as ValidationIssue[]).map(({ messageZh, ...issue }) => ({ ...issue, message: locale === 'zh-CN' && messageZh ? messageZh : issue.message })),
  };
}

/** Parses with a zod schema or throws VALIDATION_FAILED naming each problem; nothing below a route sees bad input. */
export function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
    messageZh: inChinese(issue),
  }));
  throw new AppError('VALIDATION_FAILED', { issues });
}
