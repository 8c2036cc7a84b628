/**
 * Every fenced block marked `runnable` in README.md and docs/ (```` ```sh runnable ```` or
 * ```` ```js runnable ````) runs against a started `switchboard serve`, so a snippet cannot rot.
 *
 * - The server is the built CLI on free ports, with the configuration the README's walk-through
 *   starts it with (resources/examples/walk-through.yaml). The snippets are written for the
 *   default ports, so `127.0.0.1:8080` and `127.0.0.1:7010` in them are replaced with the ports
 *   it got, and `switchboard esp` / `session create` find it through SWITCHBOARD_ESP_URL.
 * - The shell blocks of one document run in one bash, in order and with `set -euo pipefail`, as
 *   a reader types them into one terminal (later blocks use the variables of earlier ones).
 * - A JavaScript block runs as an ES module from the project folder (as `node chat.mjs` would).
 * - Each block must succeed, and its output must include every `<!-- expect: TEXT -->` that
 *   follows it and none of the `<!-- expect-not: TEXT -->`.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exited, startServerProcess, type ServerProcess } from '../helpers/server-process'
import { documentationFiles, ROOT, splitMarkdown, type FencedBlock } from './markdown-files'

const WALK_THROUGH_CONFIG = join(ROOT, 'resources', 'examples', 'walk-through.yaml')

interface Snippet extends FencedBlock {
  language: 'sh' | 'js'
}

const documents = documentationFiles()
  .map(({ path, text }) => ({
    path,
    snippets: splitMarkdown(text)
      .blocks.filter((block) => /^(sh|js) runnable$/.test(block.info))
      .map((block) => ({ ...block, language: block.info.split(' ')[0] as Snippet['language'] })),
  }))
  .filter((document) => document.snippets.length > 0)

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

function runProcess(file: string, args: string[], input: string, env: NodeJS.ProcessEnv) {
  return new Promise<Outcome>((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: ROOT, env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({ code, stdout, stderr })
      },
    )
    child.stdin!.end(input)
  })
}

let server: ServerProcess
let dataDir: string
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchboard-snippets-'))
  server = await startServerProcess(dataDir, ['--config', WALK_THROUGH_CONFIG])
})
afterAll(async () => {
  server.child.kill('SIGTERM')
  await exited(server.child)
  rmSync(dataDir, { recursive: true, force: true })
})

/** The snippet as it must run here: the started server's ports instead of the defaults. */
function forThisServer(code: string): string {
  const gms = new URL(server.ready.gms).host
  const esp = new URL(server.ready.esp.replace(/^ws/, 'http')).host
  return code.replaceAll('127.0.0.1:8080', gms).replaceAll('127.0.0.1:7010', esp)
}

function environment(): NodeJS.ProcessEnv {
  // npx finds the project's own bin without asking the registry (these machines may be offline).
  return { ...process.env, SWITCHBOARD_ESP_URL: server.ready.esp, npm_config_offline: 'true' }
}

function marker(index: number): string {
  return `@@snippet ${index}@@`
}

describe('runnable snippets in README.md and docs/', () => {
  it('finds them: the README walk-throughs, the CometD client and the ESP examples', () => {
    const paths = documents.map((document) => document.path)
    expect(paths).toEqual(expect.arrayContaining(['README.md', 'docs/esp.md']))
    const readme = documents.find((document) => document.path === 'README.md')!
    expect(readme.snippets.some((snippet) => snippet.code.includes('request-chat'))).toBe(true)
    expect(readme.snippets.some((snippet) => snippet.language === 'js')).toBe(true)
  })

  it('runs the curl walk-through on a configuration that keeps a hand-typing customer', () => {
    const config = parse(readFileSync(WALK_THROUGH_CONFIG, 'utf8')) as {
      gms: { 'flex-disconnect-timeout': number }
    }
    // A person reads, copies and types between requests; ten minutes of that is plenty.
    expect(config.gms['flex-disconnect-timeout']).toBeGreaterThanOrEqual(600)
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    expect(readme).toContain('--config resources/examples/walk-through.yaml')
  })

  for (const { path, snippets } of documents) {
    const shell = snippets.filter((snippet) => snippet.language === 'sh')
    if (shell.length > 0) {
      it(`${path}: the shell blocks run in order in one shell`, async () => {
        const script = [
          'set -euo pipefail',
          ...shell.map(
            (snippet, index) => `echo '${marker(index)}'\n${forThisServer(snippet.code)}`,
          ),
        ].join('\n')
        const outcome = await runProcess('bash', ['-s'], script, environment())
        const outputs = outcome.stdout.split(/@@snippet \d+@@\n/).slice(1)
        const failedAt = shell[Math.max(0, outputs.length - 1)]!
        expect(
          outcome.code,
          `${path}:${failedAt.line} failed:\n${outcome.stdout}\n${outcome.stderr}`,
        ).toBe(0)
        shell.forEach((snippet, index) => {
          for (const text of snippet.expectations) {
            expect(outputs[index], `${path}:${snippet.line} should print ${text}`).toContain(text)
          }
          for (const text of snippet.refusals) {
            expect(outputs[index], `${path}:${snippet.line} must not print ${text}`).not.toContain(
              text,
            )
          }
        })
      })
    }
    for (const snippet of snippets.filter((candidate) => candidate.language === 'js')) {
      it(`${path}:${snippet.line} runs as an ES module`, async () => {
        const outcome = await runProcess(
          process.execPath,
          ['--input-type=module', '-'],
          forThisServer(snippet.code),
          environment(),
        )
        expect(outcome.code, `${outcome.stdout}\n${outcome.stderr}`).toBe(0)
        for (const text of snippet.expectations) expect(outcome.stdout).toContain(text)
        for (const text of snippet.refusals) expect(outcome.stdout).not.toContain(text)
      })
    }
  }
})
