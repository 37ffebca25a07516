/*
|--------------------------------------------------------------------------
| P12 worker thread
|--------------------------------------------------------------------------
|
| Runs in a worker thread of the P12 reader's pool (p12_reader.ts): the
| password-based key derivation of a P12 is seconds of CPU for some files,
| and it must never run on the web server's event loop.
|
| It answers plain data only (structured clone): the contents on success
| (the key as a KeyObject, certificates as DER), or the refusal's reason
| and data, since an error's class does not survive the trip.
|
*/
import {
  TaxCertificateError,
  type CertificateProblem,
  type CertificateProblemData,
} from '#adapters/core/errors'
import { readPkcs12, type Pkcs12Contents } from '#adapters/core/pkcs12'

export interface P12Task {
  bytes: Uint8Array
  password: string
  /** Epoch milliseconds the certificate must be valid at; null skips the date check. */
  at: number | null
}

export type P12Outcome =
  | { contents: Pkcs12Contents }
  | { problem: { reason: CertificateProblem; data: CertificateProblemData; detail?: string } }

export default function readP12(task: P12Task): P12Outcome {
  try {
    const at = task.at === null ? null : new Date(task.at)
    return { contents: readPkcs12(task.bytes, task.password, { at }) }
  } catch (error) {
    if (error instanceof TaxCertificateError) {
      return { problem: { reason: error.reason, data: error.data } }
    }
    // forge throws plain errors on some malformed files: still "not a P12".
    return {
      problem: {
        reason: 'not_pkcs12',
        data: {},
        detail: error instanceof Error ? error.message : String(error),
      },
    }
  }
}
