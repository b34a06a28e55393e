/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-side-only packages stay out of the bundle (STACK.md).
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  reactStrictMode: true,
  // A second build folder when several builds share one checkout (e.g. a test build beside a running one).
  distDir: process.env.ROLECHAIN_DIST_DIR || '.next',
  // `npm test` runs `tsc --noEmit` over the whole project (CLI, benches, tests included) before the
  // build, so the build does not type-check a second time.
  typescript: { ignoreBuildErrors: true },
  // The security headers (CSP with a per-request nonce, nosniff, no-referrer, frame denial, …) are set
  // on every response by proxy.ts, from lib/server/security-headers.ts.
};

export default nextConfig;
