/** Progress of a collection, per account and per API, for the CLI's lines and the dashboard's bar. */
export const PROGRESS_PHASES = [
  'identity',
  'organization',
  'accounts',
  'iam',
  's3',
  'ec2',
  'glue',
  'kms',
  'identity-center',
  'cloudtrail',
  'assemble',
  'save',
  'done',
  'failed',
  'cancelled',
] as const;
export type ProgressPhase = (typeof PROGRESS_PHASES)[number];

export interface ProgressEvent {
  account?: string;
  /** The IAM action being called, e.g. `iam:GetAccountAuthorizationDetails`. */
  api?: string;
  phase: ProgressPhase;
  /** Steps done within the scope of the event (an account's steps, or the organisation's accounts). */
  done: number;
  total?: number;
  message: string;
}

export type ProgressSink = (e: ProgressEvent) => void;

export const noProgress: ProgressSink = () => undefined;
