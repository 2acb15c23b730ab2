/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  output: 'standalone',
  env: {
    DB_READONLY_URL: 'postgres://readonly:r3ad0nly-sh0p@replica.shop.internal:5432/shop',
    NEXT_PUBLIC_SENTRY_DSN: 'https://4f1e2d3c5b6a7980@o0.ingest.sentry.io/4505',
    ANALYTICS_KEY: process.env.ANALYTICS_KEY,
  },
  serverRuntimeConfig: {
    mongoUri: process.env.MONGO_URI,
  },
  images: {
    domains: ['cdn.shop.example'],
  },
};

module.exports = nextConfig;
