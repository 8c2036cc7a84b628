/**
 * Switchboard installed into a strategy developer's own repository (README.md, "Strategy
 * harness"): `npm pack`, install the tarball into a temporary project, write a typed strategy and
 * a scenario, type-check the strategy against `switchboard/strategy` and run the scenario with
 * `npx switchboard run`.
 */
import { execFile, execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import packageJson from '../../package.json'

const run = promisify(execFile)
const ROOT = join(__dirname, '..', '..')
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')

/** Why npm cannot be used here, or undefined when it can. */
function npmProblem(): string | undefined {
  try {
    execFileSync('npm', ['--version'], { stdio: 'ignore' })
    return undefined
  } catch (error) {
    return `npm cannot run here (${(error as Error).message})`
  }
}
const skipReason = npmProblem()

interface Outcome {
  code: number
  stdout: string
  stderr: string
}

async function inProject(cwd: string, file: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, CI: '1' } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as Outcome
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

const WELCOME_STRATEGY = `import type { Strategy } from 'switchboard/strategy'

const welcome: Strategy = async (interaction, { esp }) => {
  await esp.message(\`Welcome, \${interaction.userData.FirstName ?? 'there'}\`)
}
export default welcome
`

const WELCOME_SCENARIO = `name: The customer is welcomed by name
config:
  strategies: { gms_builtin: ../strategies/welcome.ts }
steps:
  - customer: { start: { firstName: Ann } }
  - expect:
      customer:
        last: { type: Message.Text, partyType: EXTERNAL, text: "Welcome, Ann" }
`

describe.skipIf(skipReason !== undefined)(
  `switchboard installed from an npm pack tarball${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let work: string
    let project: string
    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'switchboard-pack-'))
      // The suite built out/ already (npm test builds first); packing must not build again while
      // other test files read out/, hence --ignore-scripts.
      const packed = await inProject(ROOT, 'npm', [
        'pack',
        '--ignore-scripts',
        '--json',
        '--pack-destination',
        work,
      ])
      expect(packed.code, packed.stderr).toBe(0)
      const [{ filename, files }] = JSON.parse(packed.stdout) as [
        { filename: string; files: { path: string }[] },
      ]
      const paths = files.map((file) => file.path)
      expect(paths, 'run `npm run build` first').toContain(
        'out/types/src-main/harness/strategy-api.d.ts',
      )
      expect(paths).toEqual(expect.arrayContaining(['bin/switchboard.js', 'out/main/cli.js']))
      expect(paths).toContain('resources/default-config.yaml')
      expect(paths).toContain('LICENSE')

      project = join(work, 'my-strategies')
      mkdirSync(join(project, 'strategies'), { recursive: true })
      mkdirSync(join(project, 'scenarios'))
      writeFileSync(
        join(project, 'package.json'),
        JSON.stringify({ name: 'my-strategies', private: true, type: 'module' }),
      )
      const tarball = join(work, filename)
      // Dependencies come from npm's cache where it has them (these machines may be offline).
      // Install scripts are skipped: the one that matters is better-sqlite3's, which downloads
      // or compiles its addon (a minute of CPU here); the same version is already built for this
      // Node in the repository, so it is copied below instead.
      const common = ['install', tarball, '--no-audit', '--no-fund', '--ignore-scripts']
      let installed = await inProject(project, 'npm', [...common, '--offline'])
      if (installed.code !== 0)
        installed = await inProject(project, 'npm', [...common, '--prefer-offline'])
      expect(installed.code, installed.stderr).toBe(0)

      const addon = join(
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      )
      const versionOf = (dir: string) =>
        (
          JSON.parse(
            readFileSync(join(dir, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'),
          ) as { version: string }
        ).version
      if (versionOf(project) === versionOf(ROOT)) {
        mkdirSync(join(project, addon, '..'), { recursive: true })
        copyFileSync(join(ROOT, addon), join(project, addon))
      } else {
        const rebuilt = await inProject(project, 'npm', ['rebuild', 'better-sqlite3'])
        expect(rebuilt.code, rebuilt.stderr).toBe(0)
      }

      writeFileSync(join(project, 'strategies', 'welcome.ts'), WELCOME_STRATEGY)
      writeFileSync(join(project, 'scenarios', 'welcome.yaml'), WELCOME_SCENARIO)
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            module: 'nodenext',
            moduleResolution: 'nodenext',
            noEmit: true,
            types: [],
          },
          include: ['strategies'],
        }),
      )
    }, 180_000)
    afterAll(() => rmSync(work, { recursive: true, force: true }))

    it('runs a scenario with a TypeScript strategy through npx switchboard run', async () => {
      const result = await inProject(project, 'npx', [
        '--offline',
        'switchboard',
        'run',
        'scenarios/',
      ])
      expect(result.stdout).toContain('✓ The customer is welcomed by name')
      expect(result.stdout.trim().split('\n').at(-1)).toBe('1 passed, 0 failed')
      expect(result.code).toBe(0)
    })

    it("type-checks the strategy against 'switchboard/strategy'", async () => {
      const result = await inProject(project, process.execPath, [TSC, '-p', '.'])
      expect(result.stdout + result.stderr).toBe('')
      expect(result.code).toBe(0)
    })

    it('reports a misuse of the strategy API as a type error', async () => {
      writeFileSync(
        join(project, 'strategies', 'typo.ts'),
        `import type { Strategy } from 'switchboard/strategy'\n` +
          `const typo: Strategy = async (_interaction, { esp }) => {\n` +
          `  await esp.mesage('Hello')\n` +
          `}\nexport default typo\n`,
      )
      const result = await inProject(project, process.execPath, [TSC, '-p', '.'])
      expect(result.code).not.toBe(0)
      expect(result.stdout).toMatch(/typo\.ts.*Property 'mesage' does not exist/)
    })

    it('answers npx switchboard --version from the installed package', async () => {
      const result = await inProject(project, 'npx', ['--offline', 'switchboard', '--version'])
      expect(result.stdout.trim()).toBe(packageJson.version)
    })
  },
)
