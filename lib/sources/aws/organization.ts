/**
 * Live collection of a whole organisation: its structure and SCPs/RCPs from the management
 * account (or a delegated administrator), then every active member account through its read-only
 * audit role (`sts:AssumeRole`, with `sts:ExternalId` when set), a bounded number at a time.
 * A member that cannot be assumed or read is a warning; the others are still collected.
 */
import type { Result } from '../../model';
import { err, ok } from '../../model';
import { assumeRole } from './assume';
import { Cancelled } from './call';
import type { ClientFactory } from './clients';
import type { Collection, CollectOptions } from './account';
import { collectAccountInto, contextFor, finish, identify, settle, startRun } from './account';
import { mapLimit } from './context';
import { collectOrgStructure } from './organizations';
import type { ProgressSink } from './progress';
import { makeProgress } from './context';

export const DEFAULT_AUDIT_ROLE = 'RolechainAudit';

/** What one member account's collection reads; all of it is not read when its role cannot be assumed. */
const ACCOUNT_SOURCES = [
  'iam',
  'list-roles',
  'identity-providers',
  'credential-report',
  's3',
  'ec2',
] as const;
export const DEFAULT_SESSION_NAME = 'rolechain-collect';

export interface OrganizationOptions extends CollectOptions {
  /** The read-only role in each member account (default `RolechainAudit`). */
  auditRoleName?: string;
  externalId?: string;
  /** Member accounts collected at once (default 4). */
  accountConcurrency?: number;
  sessionName?: string;
}

export async function collectOrganization(
  clients: ClientFactory,
  opts: OrganizationOptions,
  progress: ProgressSink,
  signal: AbortSignal,
): Promise<Result<Collection>> {
  const run = startRun(clients, opts, progress, signal);
  const say = makeProgress(progress, undefined);
  try {
    const who = await identify(run);
    if (!who.ok) return who;
    const { account: self, arn, partition } = who.value;
    const home = contextFor(run, self, partition);
    const structure = await collectOrgStructure(home);
    if (!structure.ok) {
      const f = structure.failure;
      return f.code === 'AWSOrganizationsNotInUseException'
        ? err(
            'not_in_organization',
            `Account ${self} is not in an organisation; collect it alone (without --organization).`,
          )
        : err(
            'organization_unreadable',
            `Could not read the organisation (${f.code}: ${f.message}). Run with credentials of the management account or a delegated administrator allowed organizations:Describe* and organizations:List*.`,
          );
    }
    const members = structure.accounts.filter((a) => (a.status ?? 'ACTIVE') === 'ACTIVE').map((a) => a.id);
    if (!members.includes(self)) members.push(self);
    members.sort();
    const skipped = structure.accounts.filter((a) => !members.includes(a.id));
    for (const a of skipped)
      home.warn({
        source: 'organizations:ListAccounts',
        code: 'account-not-collected',
        message: `account ${a.id} is ${a.status}; not collected`,
      });

    const role = opts.auditRoleName ?? DEFAULT_AUDIT_ROLE;
    const sts = run.clients('sts', run.opts.homeRegion);
    const collected: string[] = [];
    const failed: string[] = [];
    let done = 0;
    say('accounts', `collecting ${members.length} account(s), ${opts.accountConcurrency ?? 4} at a time`, {
      done: 0,
      total: members.length,
    });
    await mapLimit(members, opts.accountConcurrency ?? 4, async (id) => {
      const fail = (why: string, code: string): void => {
        failed.push(id);
        const message = `account ${id} not collected: ${why}`;
        home.warn({ source: 'sts:AssumeRole', code: 'account-not-collected', message });
        // Every source of the account is on record as not read, so earlier data of it is kept, stale.
        for (const source of ACCOUNT_SOURCES)
          run.collector.noteRead({ source, account: id }, { call: 'sts:AssumeRole', code, message });
      };
      try {
        if (id === self) {
          await collectAccountInto(home);
          collected.push(id);
          return;
        }
        const roleArn = `arn:${partition}:iam::${id}:role/${role}`;
        const assumed = assumeRole(
          sts,
          {
            roleArn,
            sessionName: opts.sessionName ?? DEFAULT_SESSION_NAME,
            ...(opts.externalId ? { externalId: opts.externalId } : {}),
          },
          home.call,
          () => run.opts.clock.now(),
        );
        makeProgress(progress, id)('accounts', `assuming ${roleArn}`, {
          api: 'sts:AssumeRole',
          done,
          total: members.length,
        });
        const check = await assumed.check();
        if (!check.ok) {
          const f = check.failure;
          return fail(
            `could not assume ${roleArn}: ${f.code}${f.kind === 'denied' ? '' : ` (${f.message})`} — check that the role exists, trusts account ${self}${opts.externalId ? ' with this ExternalId' : ''}, and that the collector may call sts:AssumeRole on it`,
            f.code,
          );
        }
        await collectAccountInto(contextFor(run, id, partition, assumed.provider));
        collected.push(id);
      } catch (e) {
        if (e instanceof Cancelled) throw e;
        fail(`collection failed (${e instanceof Error ? e.message : String(e)})`, 'collection-failed');
      } finally {
        done++;
        say('accounts', `${done} of ${members.length} account(s) done`, { done, total: members.length });
      }
    });
    if (signal.aborted) throw new Cancelled();
    return ok(
      finish(
        run,
        `AWS organisation of ${self} as ${arn} (${collected.length} of ${members.length} accounts)`,
        collected.sort(),
        failed.sort(),
      ),
    );
  } catch (e) {
    return settle(e);
  }
}
