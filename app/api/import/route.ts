import { NextResponse } from 'next/server';
import { getUserStore } from '@/lib/server/context';
import { importFiles } from '@/lib/app/import';
import { apiRoute, methodNotAllowed } from '@/lib/server/api-route';
import { problem, problemOf } from '@/lib/server/problem';
import { readUploadForm, stage, UPLOAD_LIMITS } from '@/lib/server/upload';

/** Imports uploaded authz-details and CloudTrail files (multipart, field `files`). */
export const POST = apiRoute(async (req) => {
  if (!(req.headers.get('content-type') ?? '').startsWith('multipart/form-data'))
    return problem(
      'unsupported_media_type',
      'Send the files as multipart/form-data, in a field named "files".',
    );
  const form = await readUploadForm(req);
  if (!form.ok) return problemOf(form.error);
  const files = form.value.getAll('files').filter((f): f is File => typeof f !== 'string');
  if (files.length === 0) return problem('bad_body', 'No files were sent (field "files").');
  if (files.length > UPLOAD_LIMITS.files)
    return problem('payload_too_large', `At most ${UPLOAD_LIMITS.files} files per upload.`);
  const store = await getUserStore();
  if (!store.ok) return problemOf(store.error);
  // `stage` removes its folder should writing fail; from here on, the `finally` does.
  const staged = await stage(
    await Promise.all(
      files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    ),
  );
  try {
    const r = await importFiles(store.value, [staged.dir], {
      detail: `upload: ${files.map((f) => f.name).join(', ')}`.slice(0, 500),
    });
    // Warnings name the file as the user knows it, not its staged name.
    const warnings = r.warnings.map((w) => {
      const staged0 = w.source.split('/').pop() ?? w.source;
      return { ...w, source: staged.names.get(staged0) ?? w.source };
    });
    return NextResponse.json({ ...r, warnings });
  } finally {
    await staged.cleanup();
  }
});

/** The other methods: a JSON 405 behind the same gate. */
const notAllowed = apiRoute(methodNotAllowed('POST'));
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
