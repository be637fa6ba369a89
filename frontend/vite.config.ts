/// <reference types="vitest/config" />
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// dist/.gitkeep is committed so that `go build` of package main (which embeds
// frontend/dist) works on a fresh clone; put it back after vite empties dist.
function keepDist(): Plugin {
  return {
    name: 'frontline-keep-dist',
    apply: 'build',
    closeBundle() {
      writeFileSync(fileURLToPath(new URL('./dist/.gitkeep', import.meta.url)), '');
    },
  };
}

// CSP is the page's Content-Security-Policy, added to the built index.html
// only (Vite's dev server needs inline scripts and its HMR socket). Scripts,
// styles and fetches come from the app itself (Wails serves /assets and
// /wails/*.js from the same origin; Go talks to the page through the
// webview's native bridge, which CSP does not govern); no plugins, frames,
// forms or <base>. Message text is rendered as text anyway: this is the
// second line of defence.
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'none'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function strictCsp(): Plugin {
  return {
    name: 'frontline-strict-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
    },
  };
}

export default defineConfig({
  plugins: [svelte(), keepDist(), strictCsp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
