/**
 * Which web permissions the console may have (docs/console-api.md, "Security"). Electron grants every
 * permission by default; the console needs none but notifications (a new chat in the queue), so
 * camera, microphone, geolocation, clipboard reads, HID/serial and the rest are refused.
 */

/** The permissions the console window is granted. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications'])

/**
 * True when the console page may have `permission`. `isFromConsolePage` is false for any other
 * origin (which should not be loaded at all): it gets nothing.
 */
export function isPermissionGranted(permission: string, isFromConsolePage: boolean): boolean {
  return isFromConsolePage && GRANTED_PERMISSIONS.has(permission)
}
