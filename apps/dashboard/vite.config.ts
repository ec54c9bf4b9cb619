import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @parley/dashboard` proxies API calls to a running Parley server
// (PARLEY_DEV_API, default http://127.0.0.1:3000) so that cookies stay same-origin.
const api = process.env.PARLEY_DEV_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/widget': { target: api, changeOrigin: false },
      // The inbox's live updates (Socket.IO `/agent`).
      '/socket.io': { target: api, changeOrigin: false, ws: true },
    },
  },
});
