#!/usr/bin/env node
// The `switchboard` command runs the built CLI bundle (out/main/cli.js), the same code the
// Electron app runs. `npm install` builds it (the `prepare` script); `npm run build` rebuilds.
// First, before anything written for the supported Node can fail in a confusing way.
const { nodeVersionProblem } = require('./node-version')
const problem = nodeVersionProblem(process.versions.node)
if (problem) {
  process.stderr.write(`${problem}\n`)
  process.exit(2)
}

const { existsSync } = require('node:fs')
const { join } = require('node:path')
const built = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(built)) {
  process.stderr.write('switchboard: the app is not built yet; run `npm run build` first\n')
  process.exit(2)
}
require(built)
