import { defineConfig } from 'vite';

// The frame page and its hashed, immutable assets, served by Parley under /widget/v1/:
// dist/index.html is sent for /widget/v1/frame/:botId, dist/assets/* for /widget/v1/assets/*.
export default defineConfig({
  base: '/widget/v1/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: true,
    modulePreload: { polyfill: false },
  },
});
