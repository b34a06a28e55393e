/**
 * Shell commands that are safe to paste. Every command Rolechain prints or offers to copy is built
 * with `sh` below, so each value taken from IAM or CloudTrail data (role names, paths inside ARNs,
 * ExternalIds, policy names, bucket names, instance ids…) reaches the program as exactly one argument,
 * whatever characters it holds, and no part of it is ever run by the shell.
 *
 * It lives in lib/model, the lowest layer, because the chain checker (lib/graph) and the findings
 * (lib/findings) both build commands, and both may import lib/model only.
 *
 * The target is a POSIX shell (sh, bash, zsh, dash, ksh): not fish (whose single quotes treat `\`
 * specially), PowerShell or cmd.exe. `PASTE_SHELL` names them for the UI and the CLI.
 */

export const PASTE_SHELL = 'POSIX shell: sh, bash, zsh';

/**
 * Characters that are never special to a POSIX shell in a word: such values print bare. A leading
 * `=` is quoted (zsh expands `=ls` to the path of `ls`).
 */
const BARE = /^(?!=)[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Characters that must not reach a terminal or a clipboard raw: C0 and C1 controls and DEL (a pasted
 * Ctrl-C or Ctrl-U would cut the line short and run the rest as a new command; an ESC starts a
 * terminal sequence), Unicode format characters such as bidi overrides (they make the shown command
 * differ from the one that runs), line and paragraph separators, and lone surrogates.
 *
 * Line feed is the exception: a command substitution would drop it, and inside single quotes it is
 * inert (the shell waits for the closing quote, it runs nothing), so it stays a quoted line feed.
 */
const UNPRINTABLE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const octal = (byte: number): string => `\\${byte.toString(8).padStart(3, '0')}`;

/** `'…'` with each `'` written as `'\''`: inside single quotes nothing is special but `'` itself. */
const singleQuoted = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * One run of unprintable characters as `"$(printf '\ooo…')"`: printf is a builtin of every POSIX
 * shell, runs nothing else, and its format here holds octal escapes only (never a line feed, which
 * a command substitution would drop, and never a leading `-`).
 */
function printfRun(run: string): string {
  // Lone surrogates cannot be encoded; TextEncoder writes U+FFFD for them, as any UTF-8 writer would.
  const bytes = new TextEncoder().encode(run);
  return `"$(printf '${Array.from(bytes, octal).join('')}')"`;
}

/**
 * One word of a POSIX shell command that the shell turns back into exactly `value`. NUL cannot be
 * part of a program's argument at all; a value holding it loses it (shells drop it).
 */
export function shellQuote(value: string): string {
  if (BARE.test(value)) return value;
  if (!UNPRINTABLE.test(value)) return singleQuoted(value);
  const out: string[] = [];
  const chars = Array.from(value);
  let i = 0;
  while (i < chars.length) {
    const start = i;
    const unprintable = UNPRINTABLE.test(chars[i]!);
    while (i < chars.length && UNPRINTABLE.test(chars[i]!) === unprintable) i++;
    const run = chars.slice(start, i).join('');
    out.push(unprintable ? printfRun(run) : singleQuoted(run));
  }
  return out.join('');
}

/** Something the user must fill in, such as a role name Rolechain cannot know. */
export interface ShellPlaceholder {
  readonly placeholder: string;
}

/**
 * `'<what>'`: quoted, so a pasted command that still holds it passes the text to the AWS CLI (which
 * rejects it) instead of reading `<` and `>` as redirections that open or create files.
 */
export const placeholder = (what: string): ShellPlaceholder => ({ placeholder: `<${what}>` });

const isPlaceholder = (v: unknown): v is ShellPlaceholder =>
  typeof v === 'object' && v !== null && 'placeholder' in v;

/**
 * The AWS CLI reads a parameter value that starts with one of these as a file or URL to load
 * ("Loading AWS CLI parameters from a file"), whatever the parameter: an ExternalId `file:///etc/x`
 * would send that file's content to AWS. Such a value cannot be given as an argument at all.
 */
const LOADED_PREFIX = /^(file|fileb|https?):\/\//i;
const NOT_AN_ARGUMENT = placeholder('value the AWS CLI would load as a file: give it in --cli-input-json');

/**
 * A command from a template: the literal parts are Rolechain's own text, every interpolated value
 * is quoted with `shellQuote`. A value starting with `-` that follows an option (`--role-name -x`)
 * is joined to it as `--role-name=-x`, since the AWS CLI would otherwise read it as an option.
 *
 *   sh`aws iam delete-role --role-name ${role.name}`
 */
export function sh(
  literals: TemplateStringsArray,
  ...values: (string | number | ShellPlaceholder)[]
): string {
  let out = literals[0] ?? '';
  values.forEach((v, i) => {
    const startsWord = out === '' || out.endsWith(' ');
    const value = typeof v === 'string' && startsWord && LOADED_PREFIX.test(v) ? NOT_AN_ARGUMENT : v;
    if (isPlaceholder(value)) out += shellQuote(value.placeholder);
    else {
      const text = String(value);
      const option = /(--[A-Za-z0-9-]+) $/.exec(out);
      if (text.startsWith('-') && option) out = `${out.slice(0, -1)}=${shellQuote(text)}`;
      else out += shellQuote(text);
    }
    out += literals[i + 1] ?? '';
  });
  return out;
}
