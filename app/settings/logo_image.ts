/*
|--------------------------------------------------------------------------
| What an uploaded logo really is
|--------------------------------------------------------------------------
|
| The file's name and the browser's content type are only claims: the
| type is read from the file's first bytes (PNG signature, JPEG SOI) and
| the size in pixels from its header (PNG IHDR, JPEG SOFn), so a renamed
| file or a truncated one is refused with a message instead of breaking
| the PDF that later draws it.
|
*/

export type LogoType = 'image/png' | 'image/jpeg'

export interface LogoImage {
  type: LogoType
  width: number
  height: number
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

function pngSize(bytes: Buffer): LogoImage | null {
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
  if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null
  return { type: 'image/png', width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }
}

/** Start-of-frame markers (baseline, progressive…); not DHT (C4), JPG (C8) or DAC (CC). */
function isStartOfFrame(marker: number) {
  return marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
}

function jpegSize(bytes: Buffer): LogoImage | null {
  let offset = 2
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null
    const marker = bytes[offset + 1]
    // Fill bytes and markers without a length.
    if (marker === 0xff) {
      offset += 1
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2
      continue
    }
    const length = bytes.readUInt16BE(offset + 2)
    if (isStartOfFrame(marker)) {
      return {
        type: 'image/jpeg',
        height: bytes.readUInt16BE(offset + 5),
        width: bytes.readUInt16BE(offset + 7),
      }
    }
    if (marker === 0xda || length < 2) return null
    offset += 2 + length
  }
  return null
}

/** The image's type and size in pixels, or null when it is neither a readable PNG nor a JPEG. */
export function readLogoImage(bytes: Buffer): LogoImage | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return pngSize(bytes)
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return jpegSize(bytes)
  }
  return null
}
