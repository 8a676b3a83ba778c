import { defineConfig } from 'vite';

// A fully static build: Monaco's core editor, the Viper worker (../web/worker.mjs) and its
// .wasm are all emitted into dist/; nothing is fetched from elsewhere at run time.
export default defineConfig({
  base: './',
  build: {
    target: 'es2022',           // the Viper worker uses top-level await
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096, // Monaco's core is one ~3 MB chunk (gzip ~0.9 MB)
    assetsInlineLimit: 0,        // keep the .wasm and the codicon font as files
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
