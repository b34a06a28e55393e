/** Kept for the server's imports: the use case lives in `lib/app/import`. */
export type { ImportResult as IngestResult } from '../app/import';
export { importFiles as ingest, originsOf } from '../app/import';
