import { describe, expect, it } from 'vitest'
import { isPermissionGranted } from '../../../src-main/electron/permissions'

describe('isPermissionGranted', () => {
  it('grants the console page notifications', () => {
    expect(isPermissionGranted('notifications', true)).toBe(true)
  })

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'fileSystem'])(
    'denies %s',
    (permission) => {
      expect(isPermissionGranted(permission, true)).toBe(false)
    },
  )

  it('denies everything to a page that is not the console', () => {
    expect(isPermissionGranted('notifications', false)).toBe(false)
  })
})
