/**
 * The lines of a JSON-lines file, streamed with bounded memory, whatever the file holds: a line
 * over `maxLine` bytes is skipped as it streams (never assembled, so one 700 MiB line cannot
 * exhaust memory or V8's longest string), and reading stops once `maxTotal` bytes have been
 * decompressed (a gzip bomb ends in a warning, not a day of gunzipping). Sizes are counted on the
 * decompressed bytes as they arrive.
 */
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { openRegular } from './regular-file';

export interface LineLimits {
  /** The longest line kept, in bytes; a longer one is skipped and reported. */
  maxLine: number;
  /** The most decompressed bytes read from one file. */
  maxTotal: number;
}

/**
 * A CloudTrail record is at most 256 KB, and a LookupEvents event little more; a line 64 times
 * that is not one, and 16 MiB per line bounds memory however hostile the file.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** 2 GiB decompressed per JSON-lines file: years of one account's role-chain events, bounded time. */
export const MAX_STREAMED_BYTES = 2 * 1024 * 1024 * 1024;

export const DEFAULT_LINE_LIMITS: LineLimits = { maxLine: MAX_LINE_BYTES, maxTotal: MAX_STREAMED_BYTES };

export interface LinesResult {
  lines: number;
  /** 1-based numbers of the lines skipped for length. */
  longLines: number[];
  /** Set when reading stopped early: the file is unreadable, corrupt, or over `maxTotal`. */
  error?: {
    code: 'unreadable-file' | 'not-a-regular-file' | 'truncated-gzip' | 'file-too-large';
    message: string;
  };
}

const mib = (n: number): string => `${Math.round(n / 1024 / 1024)} MiB`;

/**
 * Calls `onLine` with each line (without its `\n` or `\r\n`) of a regular file, gunzipped when it
 * starts with gzip's magic bytes. Never throws for what the file holds.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, n: number) => void,
  limits: LineLimits = DEFAULT_LINE_LIMITS,
): Promise<LinesResult> {
  const result: LinesResult = { lines: 0, longLines: [] };
  const opened = await openRegular(path);
  if (!opened.ok) return { ...result, error: { code: opened.code, message: opened.message } };
  const { handle } = opened;
  const magic = Buffer.alloc(2);
  const { bytesRead } = await handle.read(magic, 0, 2, 0).catch(() => ({ bytesRead: 0 }));
  const gz = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  const raw = handle.createReadStream({ start: 0, autoClose: true });
  const input: Readable = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (e) => input.destroy(e));

  let total = 0;
  let parts: Buffer[] = [];
  let partBytes = 0;
  let skipping = false;
  const endLine = (): void => {
    result.lines++;
    if (skipping) {
      result.longLines.push(result.lines);
      skipping = false;
    } else {
      let buf = parts.length === 1 ? parts[0]! : Buffer.concat(parts, partBytes);
      if (buf.length > 0 && buf[buf.length - 1] === 0x0d) buf = buf.subarray(0, buf.length - 1);
      onLine(buf.toString('utf8'), result.lines);
    }
    parts = [];
    partBytes = 0;
  };
  const add = (piece: Buffer): void => {
    if (skipping) return;
    if (partBytes + piece.length > limits.maxLine) {
      // Too long to be a record: drop what was gathered and the rest of the line as it streams.
      skipping = true;
      parts = [];
      partBytes = 0;
      return;
    }
    if (piece.length > 0) {
      // A copy: the stream may reuse its chunk's memory.
      parts.push(Buffer.from(piece));
      partBytes += piece.length;
    }
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxTotal) {
        result.error = {
          code: 'file-too-large',
          message: `over ${mib(limits.maxTotal)}${gz ? ' once gunzipped' : ''}, the most read from one file; lines before it were kept`,
        };
        break;
      }
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0) break;
        add(chunk.subarray(start, nl));
        endLine();
        start = nl + 1;
      }
      add(chunk.subarray(start));
    }
    if (!result.error && (partBytes > 0 || skipping)) endLine();
  } catch (e) {
    result.error = {
      code: gz ? 'truncated-gzip' : 'unreadable-file',
      message: `${(e as Error).message}; lines before it were kept`,
    };
  } finally {
    input.destroy();
    raw.destroy();
    await handle.close().catch(() => undefined);
  }
  return result;
}

/** The warning text for lines skipped for length. */
export function longLinesMessage(
  longLines: readonly number[],
  limits: LineLimits = DEFAULT_LINE_LIMITS,
): string {
  return `${longLines.length} line(s) over ${mib(limits.maxLine)} skipped (first: line ${longLines[0]}); a CloudTrail record is at most 256 KB`;
}
