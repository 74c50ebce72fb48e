// next-auth v4 builds its callback URLs from NEXTAUTH_URL; default it to the public URL the
// server prints, so `npm start` and `next dev` work without extra setup.
process.env.NEXTAUTH_URL ??= process.env.PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;

/** @type {import('next').NextConfig} */
const nextConfig = {
  // TF.js, its wasm backend and face-api must load from node_modules at run time: bundling breaks
  // the .wasm lookup and TF.js then silently falls back to its slow CPU backend (STACK.md).
  serverExternalPackages: [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-backend-wasm',
    '@tensorflow/tfjs-backend-cpu',
    '@tensorflow/tfjs-node',
    '@tensorflow/tfjs-node-gpu',
    '@vladmandic/face-api',
    'onnxruntime-node',
    '@libsql/client',
    '@prisma/adapter-libsql',
  ],
  // Type checking is its own step (`npm run typecheck`, part of `npm test`); skipping it inside
  // `next build` saves ~10 s per build on the 2-core machines.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
