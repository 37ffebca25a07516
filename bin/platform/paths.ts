import { fileURLToPath } from 'node:url'
import { join } from 'node:path'

/** Project root and the tmp/ folder that holds the local services' data. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const TMP = join(ROOT, 'tmp')

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
