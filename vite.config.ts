import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { contentSecurityPolicy } from './src/shared/app-shell.ts';

// The renderer only. Main, preload and server are bundled by scripts/build-main.mjs.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    // No inline scripts or styles: the CSP allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});

/** The same CSP the hosts send as a header, also in the page itself, so it holds however the page is loaded. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'latchkey-csp-meta',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy }, injectTo: 'head-prepend' }],
  };
}
