// Which Node this package needs, checked before anything else loads: on an older Node the built
// bundle fails with a syntax or API error that does not say what is wrong. Plain CommonJS with
// no newer syntax, so that it runs on any Node a newcomer may have.
'use strict'
const { engines } = require('../package.json')

/** The `>=MAJOR.MINOR[.PATCH]` of package.json's `engines.node`, as numbers. */
function requiredVersion(range) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(String(range).trim())
  if (!match) throw new Error('engines.node must read ">=MAJOR.MINOR" (got ' + range + ')')
  return [Number(match[1]), Number(match[2] || 0), Number(match[3] || 0)]
}

/** One line saying which Node is needed, or null when `current` (e.g. "20.19.1") is enough. */
function nodeVersionProblem(current, range) {
  const required = requiredVersion(range === undefined ? engines.node : range)
  const parts = String(current).replace(/^v/, '').split('.').map(Number)
  for (let i = 0; i < 3; i += 1) {
    const have = parts[i] || 0
    if (have > required[i]) return null
    if (have < required[i]) {
      return (
        'switchboard needs Node.js ' +
        required.join('.') +
        ' or newer; this is Node.js ' +
        current +
        '. Install a newer Node.js and run the command again.'
      )
    }
  }
  return null
}

module.exports = { nodeVersionProblem }
