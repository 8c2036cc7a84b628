/**
 * The console contract's zod side: the params schema of every method and the WebSocket frame
 * schema. Only the main process imports this module (it validates every call before the engine
 * sees it); the preload and the renderer import `console-api.ts`, which carries no zod at run
 * time. See docs/console-api.md.
 */
import {
  CONSOLE_METHOD_NAMES,
  CONSOLE_METHOD_SPECS,
  type ConsoleMethodName,
  type MethodAccess,
} from './console-api'
import { DASHBOARD_PARAMS } from './console-api/dashboard-params'
import { PARAMS as CORE_PARAMS } from './console-api/params'

/** Every method's params schema, by name: the core console's and the dashboard's. */
const PARAMS = { ...CORE_PARAMS, ...DASHBOARD_PARAMS }

export * from './console-api/params'
export * from './console-api/dashboard-params'
export * from './console-api/wire'

/** A method's params schema next to the roles that may call it: what a call is checked against. */
export type ConsoleMethodChecks = {
  [M in ConsoleMethodName]: { params: (typeof PARAMS)[M]; roles: MethodAccess }
}

/** Every console method's params schema and roles, by name. */
export const CONSOLE_METHODS = Object.fromEntries(
  CONSOLE_METHOD_NAMES.map((name) => [
    name,
    { params: PARAMS[name], roles: CONSOLE_METHOD_SPECS[name].roles },
  ]),
) as ConsoleMethodChecks
