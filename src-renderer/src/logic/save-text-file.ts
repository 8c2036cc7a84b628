/**
 * Offers text as a file download (the console's "Save as scenario"): a Blob link clicked once,
 * which the browser, and Electron's download handling, turn into a save.
 */
export function saveTextFile(fileName: string, text: string, type = 'application/yaml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  // The click has started the download; the URL is not needed any more.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
