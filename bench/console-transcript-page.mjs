/* global window, document, requestAnimationFrame */
/**
 * Page side of bench/console-transcript.ts, injected as an init script before the console loads.
 * It is plain JavaScript read as text: functions that tsx compiles get `__name(...)` wrappers that
 * do not exist in the page.
 *
 * "Painted" is measured after each frame: requestAnimationFrame, then a posted message, whose
 * task runs once that frame has been painted. The first such moment at which the item is in the
 * DOM and inside the transcript's visible box is when the user could see it.
 */
;(() => {
  const MARKER = /bench-append-(\d+) /
  const arrivals = new Map()
  const painted = new Map()
  /** Frames painted from the arrival up to and including the one that shows the item. */
  const frames = new Map()

  const afterNextPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => resolve(performance.now())
        channel.port2.postMessage(null)
      }),
    )

  const scroller = () => document.querySelector('[data-testid="transcript"]')

  /** The transcript item matching `accepts`, if it is on screen. */
  const shownItem = (accepts) => {
    const box = scroller()?.getBoundingClientRect()
    if (!box) return null
    for (const item of scroller().querySelectorAll('[data-testid="transcript-item"]')) {
      if (!accepts(item)) continue
      const rect = item.getBoundingClientRect()
      return rect.bottom > box.top && rect.top < box.bottom && rect.height > 0 ? item : null
    }
    return null
  }

  /** The end of the first painted frame after which `isShown()` holds, and its rank. */
  const paintedWhen = async (isShown) => {
    for (let frame = 1; frame <= 1200; frame += 1) {
      const at = await afterNextPaint()
      if (isShown()) return { at, frame }
    }
    throw new Error('not painted within 1,200 frames')
  }

  // Every WebSocket the console opens notes when a marked frame arrives. This listener is added
  // in the constructor, before the app sets `onmessage`, so it runs first.
  const NativeWebSocket = window.WebSocket
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (event) => {
        const match = typeof event.data === 'string' ? MARKER.exec(event.data) : null
        if (!match || arrivals.has(Number(match[1]))) return
        const n = Number(match[1])
        arrivals.set(n, performance.now())
        const marker = `bench-append-${n} `
        const isShown = () => shownItem((item) => item.textContent.includes(marker))
        void paintedWhen(isShown).then(({ at, frame }) => {
          frames.set(n, frame)
          painted.set(n, at)
        })
      })
    }
  }

  /** Clicks the session's row; resolves with the ms until its newest event is painted. */
  const open = async (sessionId, lastEventId) => {
    const row = `[data-testid="session-item"][data-session-id="${sessionId}"] button[data-nav-item]`
    const button = document.querySelector(row)
    if (!button) throw new Error(`no row for ${sessionId}`)
    const id = String(lastEventId)
    const started = performance.now()
    button.click()
    const { at } = await paintedWhen(() => shownItem((item) => item.dataset.eventId === id))
    return at - started
  }

  /** Elements under the transcript container. */
  const domNodes = () => scroller()?.querySelectorAll('*').length ?? 0

  /** The oldest event id in the DOM. */
  const oldestInDom = () =>
    Math.min(
      ...Array.from(scroller().querySelectorAll('[data-testid="transcript-item"]'), (item) =>
        Number(item.dataset.eventId),
      ),
    )

  /** Scrolls to the top of what is loaded until an older page's events show. */
  const scrollOlder = async () => {
    const before = oldestInDom()
    for (let frame = 0; frame < 1200; frame += 1) {
      scroller().scrollTop = 0
      await afterNextPaint()
      if (oldestInDom() < before - 50) return oldestInDom()
    }
    throw new Error(`no page older than ${before} within 1,200 frames`)
  }

  window.__switchboardBench = { arrivals, painted, frames, open, domNodes, scrollOlder }
})()
