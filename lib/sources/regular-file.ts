/**
 * Opening a file to read it, safely: only regular files are read, checked with `fstat` on the
 * descriptor actually opened (after every link is resolved, and with no window for the path to be
 * swapped), and opened non-blocking so a FIFO cannot hang the open itself. A FIFO, a socket or a
 * device (`/dev/zero`, `/dev/stdin` on a terminal or a pipe) is refused with a message instead.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

export type Opened =
  | { ok: true; handle: FileHandle; size: number }
  | { ok: false; code: 'unreadable-file' | 'not-a-regular-file'; message: string };

/** What a non-regular file is, in words a user recognises. */
export function fileKind(st: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

export const notRegularMessage = (kind: string): string =>
  `${kind}, not a regular file; only regular files are read (use \`-\` for standard input)`;

/** Opens `path` for reading when it is a regular file; the caller closes the handle. */
export async function openRegular(path: string): Promise<Opened> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, code: 'unreadable-file', message: (e as Error).message };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      await handle.close();
      return { ok: false, code: 'not-a-regular-file', message: notRegularMessage(fileKind(st)) };
    }
    return { ok: true, handle, size: st.size };
  } catch (e) {
    await handle.close();
    return { ok: false, code: 'unreadable-file', message: (e as Error).message };
  }
}

/**
 * The bytes of a regular file, at most `limit`: undefined `bytes` with `tooLarge` when the file
 * holds more (measured on the descriptor, and again while reading, should the file grow).
 *
 * Synchronous on purpose: a CloudTrail file is a few KB to a few MB, read in one system call, and
 * the asynchronous open, fstat, read and close cost four thread-pool round trips a file (each a
 * promise and a FileHandle), more than the read itself. The descriptor is opened non-blocking, so
 * a FIFO cannot hang the open; it is refused on its fstat.
 */
export function readRegular(
  path: string,
  limit: number,
): { ok: true; bytes: Buffer; tooLarge: boolean } | Extract<Opened, { ok: false }> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, code: 'unreadable-file', message: (e as Error).message };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      return { ok: false, code: 'not-a-regular-file', message: notRegularMessage(fileKind(st)) };
    if (st.size > limit) return { ok: true, bytes: Buffer.alloc(0), tooLarge: true };
    // One byte more than the size tells a file that grew; it is then read on, up to the limit + 1.
    let buf = Buffer.allocUnsafe(st.size + 1);
    let got = 0;
    for (;;) {
      const bytesRead = readSync(fd, buf, got, buf.length - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
      if (got > limit) break;
      if (got === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, limit + 1));
        buf.copy(bigger, 0, 0, got);
        buf = bigger;
      }
    }
    if (got > limit) return { ok: true, bytes: Buffer.alloc(0), tooLarge: true };
    return { ok: true, bytes: buf.subarray(0, got), tooLarge: false };
  } catch (e) {
    return { ok: false, code: 'unreadable-file', message: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}
