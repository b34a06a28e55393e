/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and server-side-only packages stay out of the bundle (STACK.md).
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  reactStrictMode: true,
  // The CLI's TypeScript is run by tsx, not bundled; keep Next to app/ and what it imports.
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
