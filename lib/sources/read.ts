import type { z } from 'zod';
import type { SnapshotWarning } from '../model';
import { warning } from './warnings';

/** What a small reader returns: the value when the fields it depends on validate, and warnings. */
export type Read<T> = { value?: T; warnings: SnapshotWarning[] };

export const readOk = <T>(value: T, warnings: SnapshotWarning[] = []): Read<T> => ({ value, warnings });

/** Turns a zod failure into one warning naming the file, the format and the fields. */
export function issuesOf(file: string, format: string, error: z.ZodError): Read<never> {
  const issues = error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  return { warnings: [warning(file, 'invalid-field', `${file}: ${format}: ${issues}`)] };
}
