const STATIC_ASSET_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Resource-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value:
      'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
  },
  {
    key: 'Content-Security-Policy',
    value:
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; worker-src 'none'; connect-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  },
];

// The headers of every `/api` response: the same fixed headers, and a CSP for data, not pages (a copy
// of `apiHeaders()` in lib/server/security-headers.ts; the same unit test keeps them equal).
const API_HEADERS = [
  ...STATIC_ASSET_HEADERS.filter((h) => h.key !== 'Content-Security-Policy'),
  {
    key: 'Content-Security-Policy',
    value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-side-only packages stay out of the bundle (STACK.md).
  serverExternalPackages: ['better-sqlite3'],
  // A self-contained server (server.js and the files it reads) that `rolechain serve` runs from the npm
  // package without a build step; scripts/build-web.mjs gathers it into dist/web/. `next start` (npm run
  // serve, the e2e suite) still serves the same build from .next/.
  output: 'standalone',
  poweredByHeader: false,
  // No gzip here. Next compresses each response afresh, never from a cache: for a 1 MB graph view that
  // was over half the request's CPU, and even `{"ok":true}` got a gzip stream of its own, while on the
  // loopback the dashboard serves, bytes cost next to nothing. A server reached over a network sits
  // behind a reverse proxy (README, Security), which compresses at less cost.
  compress: false,
  reactStrictMode: true,
  // A second build folder when several builds share one checkout (e.g. a test build beside a running one).
  distDir: process.env.ROLECHAIN_DIST_DIR || '.next',
  // `npm test` runs `tsc --noEmit` over the whole project (CLI, benches, tests included) before the
  // build, so the build does not type-check a second time.
  typescript: { ignoreBuildErrors: true },
  // The security headers (CSP with a per-request nonce, nosniff, no-referrer, frame denial, …) are set
  // on every page by proxy.ts, from lib/server/security-headers.ts. The proxy skips the framework's
  // static files and the API (whose handlers run the access gate themselves): their fixed headers are
  // these, copies of `staticAssetHeaders()` and `apiHeaders()` there (a unit test keeps them equal;
  // this file cannot import TypeScript). `:path+` leaves out `/api` itself, a page (Next's 404).
  async headers() {
    return [
      { source: '/_next/static/:path*', headers: STATIC_ASSET_HEADERS },
      { source: '/api/:path+', headers: API_HEADERS },
    ];
  },
};

export default nextConfig;
