/** Small builders for IAM policy documents, so the specs read like the JSON they produce. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Json;
  NotPrincipal?: Json;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDoc {
  Version: '2012-10-17';
  Statement: Statement[];
}

export const doc = (...statements: Statement[]): PolicyDoc => ({
  Version: '2012-10-17',
  Statement: statements,
});

export const allow = (
  action: string | string[],
  resource: string | string[],
  extra: Partial<Statement> = {},
): Statement => ({
  ...(extra.Sid === undefined ? {} : { Sid: extra.Sid }),
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(extra.Condition === undefined ? {} : { Condition: extra.Condition }),
});

/** A trust statement for a service principal. */
export const trustService = (service: string): Statement => ({
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'sts:AssumeRole',
});

/** A trust statement for AWS principals, optionally requiring an ExternalId. */
export const trustAws = (
  principals: string | string[],
  opts: { externalId?: string; actions?: string[]; condition?: Statement['Condition']; sid?: string } = {},
): Statement => {
  const condition =
    opts.condition ??
    (opts.externalId === undefined ? undefined : { StringEquals: { 'sts:ExternalId': opts.externalId } });
  return {
    ...(opts.sid === undefined ? {} : { Sid: opts.sid }),
    Effect: 'Allow',
    Principal: { AWS: principals },
    Action: opts.actions === undefined ? 'sts:AssumeRole' : opts.actions,
    ...(condition === undefined ? {} : { Condition: condition }),
  };
};
