/**
 * Runs once when the server starts, however it was started (`rolechain serve`, `npm run serve`,
 * `next start`, `next dev`): the same refusal `rolechain serve` applies, so an address others can
 * reach is never served without an access token (`lib/server/exposure.ts`).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startupCheck } = await import('./lib/server/exposure');
  const check = startupCheck();
  if (check?.kind === 'warn') console.warn(`rolechain: ${check.message}`);
  if (check?.kind === 'refuse') {
    console.error(`rolechain: ${check.message}`);
    process.exit(2);
  }
}
