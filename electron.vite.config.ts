import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

// Three explicit builds: the main process (with the headless CLI as a second entry so that
// `switchboard serve` runs the very same bundle in plain Node), the preload, and the renderer.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          cli: resolve(__dirname, 'src-main/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // The console window's preload is sandboxed: it can `require('electron')` and nothing
      // else, so every dependency (the console contract and its zod schemas) is bundled in.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        onwarn(warning, warn) {
          // zod's sources carry `@__PURE__` comments Rollup cannot place; it drops them, harmlessly.
          if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod/')) {
            return
          }
          warn(warning)
        },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default; the same bundle is also served
      // to browsers in browser mode, where size is load time.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
})
