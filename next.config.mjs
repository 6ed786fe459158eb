/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package directory at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 'bcryptjs'],
  poweredByHeader: false,
  // Lets two checkouts' dev servers or a test build run side by side.
  distDir: process.env.VERSO_NEXT_DIST_DIR || '.next',
  typescript: { ignoreBuildErrors: false },
  experimental: { serverActions: { bodySizeLimit: '1mb' } },
};
export default nextConfig;
