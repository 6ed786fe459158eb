/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WebAssembly and data files from its own package directory at run time.
  // OpenTelemetry keeps its tracer provider and context manager in process globals: the
  // instrumentation hook and the route bundles must load the same copies from node_modules.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'postgres',
    'bcryptjs',
    '@opentelemetry/api',
    '@opentelemetry/core',
    '@opentelemetry/sdk-trace-base',
    '@opentelemetry/sdk-trace-node',
    '@opentelemetry/exporter-trace-otlp-proto',
    '@opentelemetry/resources',
    '@arizeai/openinference-vercel',
    '@arizeai/openinference-semantic-conventions',
    'ai',
  ],
  poweredByHeader: false,
  // Lets two checkouts' dev servers or a test build run side by side.
  distDir: process.env.VERSO_NEXT_DIST_DIR || '.next',
  typescript: { ignoreBuildErrors: false },
  experimental: { serverActions: { bodySizeLimit: '1mb' } },
};
export default nextConfig;
