/**
 * Writes `JSON.stringify(value, null, 2)` in pieces, byte for byte the same text, with one large array
 * of it written a batch of items at a time. Why: `rolechain analyze --format json|sarif` on 200,000
 * roles prints about 120,000 findings, hundreds of MB as one string; built whole, that string (and its
 * copy on the way to stdout) sits on a heap the analysis has already filled.
 */

const MARK = '\u0000rolechain:stream\u0000';
const BATCH = 500;

/**
 * `value` as indented JSON through `out`, with the array `big` (found by identity anywhere in `value`)
 * streamed; `item` maps each of its elements as it is written (default: as is), so the mapped copies
 * never exist all at once. Elements must not be undefined (JSON would print them as null).
 */
export function streamJson<T>(
  out: (text: string) => void,
  value: unknown,
  big: readonly T[],
  item: (element: T, index: number) => unknown = (e) => e,
): void {
  let found = false;
  const text = JSON.stringify(
    value,
    function (this: unknown, _key: string, v: unknown) {
      if (v !== big) return v;
      found = true;
      return MARK;
    },
    2,
  );
  const at = found ? text.indexOf(JSON.stringify(MARK)) : -1;
  if (at < 0) {
    out(text + '\n');
    return;
  }
  const before = text.slice(0, at);
  const after = text.slice(at + JSON.stringify(MARK).length);
  if (big.length === 0) {
    out(`${before}[]${after}\n`);
    return;
  }
  // The line that holds the array: its items sit one level (two spaces) deeper.
  const lineStart = before.lastIndexOf('\n') + 1;
  const indent = before.slice(lineStart).length - before.slice(lineStart).trimStart().length;
  const pad = ' '.repeat(indent + 2);
  let chunk = `${before}[\n`;
  for (let i = 0; i < big.length; i++) {
    const element = JSON.stringify(item(big[i] as T, i), null, 2) ?? 'null';
    chunk += pad + element.replaceAll('\n', `\n${pad}`) + (i < big.length - 1 ? ',\n' : '\n');
    if ((i + 1) % BATCH === 0) {
      out(chunk);
      chunk = '';
    }
  }
  out(`${chunk}${' '.repeat(indent)}]${after}\n`);
}
