/**
 * `readConfigText()`: what kind of text a user pasted (a SQL statement, a Java `.properties` catalog file,
 * Hadoop's `core-site.xml`, Spark's `spark-defaults.conf` or a `spark-submit --conf` line) and its
 * key/value pairs, read the way that kind is written. SQL is scanned token by token so that quoted
 * values, comments and `S3(…)` / `FILES(…)` / `PROPERTIES(…)` lists are read alike.
 */

export const TEXT_KINDS = ['sql', 'properties', 'core-site-xml', 'spark-defaults'] as const;
export type TextKind = (typeof TEXT_KINDS)[number];

export const TEXT_KIND_LABEL: Record<TextKind, string> = {
  sql: 'a SQL statement',
  properties: 'a .properties catalog file',
  'core-site-xml': 'a Hadoop core-site.xml',
  'spark-defaults': 'Spark configuration (spark-defaults.conf or --conf)',
};

export interface ConfigText {
  kind: TextKind;
  /** Every key/value pair in order of appearance (later pairs win when read into a map). */
  pairs: [string, string][];
  /** SQL only: string literals that are S3 URIs outside `"k" = "v"` pairs (ON LOCATION, DATA INFILE, TO, OUTFILE). */
  locations: string[];
  /** SQL only: the statement with comments and string contents removed, upper-cased, for form detection. */
  skeleton: string;
}

interface Token {
  kind: 'str' | 'eq' | 'word' | 'punct';
  text: string;
}

/** SQL tokens; undefined on an unterminated string literal. */
function tokenize(sql: string): Token[] | undefined {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let text = '';
      while (j < sql.length && sql[j] !== c) {
        if (sql[j] === '\\' && j + 1 < sql.length) j++;
        text += sql[j];
        j++;
      }
      if (j >= sql.length) return undefined;
      tokens.push({ kind: c === '`' ? 'word' : 'str', text });
      i = j + 1;
    } else if (c === '=') {
      tokens.push({ kind: 'eq', text: '=' });
      i++;
    } else if (/\s/.test(c)) i++;
    else if (/[\w.$-]/.test(c)) {
      let j = i;
      while (j < sql.length && /[\w.$-]/.test(sql[j] as string)) j++;
      tokens.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

function readSql(text: string): ConfigText | undefined {
  const tokens = tokenize(text);
  if (!tokens) return undefined;
  const pairs: [string, string][] = [];
  const locations: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    const eq = tokens[k + 1];
    const v = tokens[k + 2];
    if (t?.kind === 'str' && eq?.kind === 'eq' && v && (v.kind === 'str' || v.kind === 'word')) {
      pairs.push([t.text.trim(), v.text]);
      k += 2;
    } else if (t?.kind === 'str' && /^s3[an]?:\/\//i.test(t.text.trim())) locations.push(t.text.trim());
  }
  const skeleton = tokens
    .map((t) => (t.kind === 'str' ? "''" : t.text))
    .join(' ')
    .toUpperCase();
  return { kind: 'sql', pairs, locations, skeleton };
}

const XML_PROPERTY = /<property>[\s\S]*?<name>\s*([^<]+?)\s*<\/name>[\s\S]*?<value>\s*([^<]*?)\s*<\/value>/g;

function readXml(text: string): ConfigText {
  const pairs: [string, string][] = [];
  for (const m of text.replace(/<!--[\s\S]*?-->/g, '').matchAll(XML_PROPERTY))
    pairs.push([m[1] as string, decodeXml(m[2] as string)]);
  return { kind: 'core-site-xml', pairs, locations: [], skeleton: '' };
}

const decodeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** `spark.x value` lines, and `--conf k=v` (spark-submit, spark-sql, pyspark command lines). */
function readSpark(text: string): ConfigText {
  const pairs: [string, string][] = [];
  for (const m of text.matchAll(/--conf\s+(["']?)([\w.$-]+)=([^\s"'\\]*)\1/g))
    pairs.push([m[2] as string, m[3] as string]);
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.includes('--conf')) continue;
    const m = /^(spark\.[\w.$-]+)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (m) pairs.push([m[1] as string, (m[2] as string).trim()]);
  }
  return { kind: 'spark-defaults', pairs, locations: [], skeleton: '' };
}

function readProperties(text: string): ConfigText {
  const pairs: [string, string][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    const m = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (m) pairs.push([m[1] as string, (m[2] as string).trim()]);
  }
  return { kind: 'properties', pairs, locations: [], skeleton: '' };
}

/** Which kind of text this is, by the shape of its lines (SQL when none of the file shapes fits). */
export function detectKind(text: string): TextKind {
  const t = text.trim();
  if (/^<\?xml|<configuration[\s>]|<property>\s*<name>/i.test(t)) return 'core-site-xml';
  if (/--conf\s+["']?spark\./.test(t)) return 'spark-defaults';
  const lines = t.split(/\r?\n/).filter((l) => l.trim() !== '' && !/^\s*[#!]/.test(l));
  if (lines.length > 0 && lines.every((l) => /^\s*spark\.[\w.$-]+(\s*=\s*|\s+)\S/.test(l)))
    return 'spark-defaults';
  if (lines.length > 0 && lines.every((l) => /^\s*[A-Za-z][\w.$-]*\s*[=:]\s*[^=]*$/.test(l)))
    return /^\s*spark\./.test(lines[0] ?? '') ? 'spark-defaults' : 'properties';
  return 'sql';
}

/** Reads pasted configuration text; undefined when SQL has an unterminated string literal. */
export function readConfigText(text: string): ConfigText | undefined {
  const kind = detectKind(text);
  switch (kind) {
    case 'core-site-xml':
      return readXml(text);
    case 'spark-defaults':
      return readSpark(text);
    case 'properties':
      return readProperties(text);
    case 'sql':
      return readSql(text);
  }
}
