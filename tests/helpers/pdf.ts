/*
 * Reading PDFs the way a person would: their text (pdftotext) and the QR
 * codes on their pages (rendered by pdftoppm, decoded with jsQR).
 * poppler-utils is installed on the development machines and in CI.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'

const run = promisify(execFile)
// jsQR is CommonJS with an ES-style default export: under Node's ESM the function is `.default`.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null
const jsQR: Decode =
  (jsQRModule as unknown as { default?: Decode }).default ?? (jsQRModule as unknown as Decode)

async function inTemp<T>(pdf: Buffer, work: (dir: string, file: string) => Promise<T>) {
  const dir = await mkdtemp(join(tmpdir(), 'facturo-pdf-'))
  try {
    const file = join(dir, 'document.pdf')
    await writeFile(file, pdf)
    return await work(dir, file)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export function pdfText(pdf: Buffer): Promise<string> {
  return inTemp(pdf, async (_dir, file) => {
    const { stdout } = await run('pdftotext', ['-layout', file, '-'])
    return stdout
  })
}

/** The text of the first QR code found, page by page, or null when there is none. */
export function pdfQrCode(pdf: Buffer): Promise<string | null> {
  return inTemp(pdf, async (dir, file) => {
    await run('pdftoppm', ['-png', '-r', '200', file, join(dir, 'page')])
    const files = await readdir(dir)
    const pages = files.filter((name) => name.endsWith('.png')).sort()
    for (const page of pages) {
      const png = PNG.sync.read(await readFile(join(dir, page)))
      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
      if (code) return code.data
    }
    return null
  })
}
