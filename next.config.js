/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-side-only packages stay out of the bundle (STACK.md).
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm test` runs `tsc --noEmit` over the whole project (CLI, benches, tests included) before the
  // build, so the build does not type-check a second time.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
