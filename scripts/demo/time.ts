/** The demo's fixed clock: nothing in the generator reads the real time. */

export const SNAPSHOT_TIME = '2026-11-20T12:00:00Z';
export const SNAPSHOT_MS = Date.parse(SNAPSHOT_TIME);
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
/** The CloudTrail window: the 30 days before the snapshot. */
export const WINDOW_DAYS = 30;
export const WINDOW_START_MS = SNAPSHOT_MS - WINDOW_DAYS * DAY_MS;

/** `2026-11-20T12:00:00Z`, as CloudTrail writes `eventTime`. */
export const ctTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** `2026-11-20T12:00:00+00:00`, as the AWS CLI v2 prints timestamps. */
export const cliTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');

/** A fixed calendar date, e.g. `cliDate('2024-03-11T09:14:22')`. */
export const cliDate = (isoLocal: string): string => `${isoLocal}+00:00`;

export const daysAgo = (days: number, hour = 10, minute = 0): number =>
  SNAPSHOT_MS - days * DAY_MS - 12 * HOUR_MS + hour * HOUR_MS + minute * 60_000;
