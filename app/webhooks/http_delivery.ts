import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import { PrivateTargetError, guardedLookup, isPrivateAddress } from '#webhooks/target_guard'

export interface PostOutcome {
  /** The receiver's status code; null when no answer came (refused, timeout, DNS). */
  statusCode: number | null
  /** The start of the answer's body, for the delivery log. */
  excerpt: string | null
  error: string | null
  durationMs: number
}

/** The delivery log keeps this much of a receiver's answer. */
export const EXCERPT_CHARS = 1000
/** Bytes read from an answer at most; the rest is dropped unread. */
const MAX_READ = 64 * 1024

/**
 * POSTs one webhook body and reports what happened; never throws. Only a
 * 2xx answer counts as delivered. Redirects are not followed: a 3xx is a
 * failure like any other (following it would walk around the SSRF guard).
 */
export function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs: number }
): Promise<PostOutcome> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    // An IP literal never goes through `lookup`: check it here.
    if (!options.allowPrivate && net.isIP(host) && isPrivateAddress(host)) {
      resolve({
        statusCode: null,
        excerpt: null,
        error: new PrivateTargetError(host).message,
        durationMs: elapsed(),
      })
      return
    }
    const client = url.protocol === 'https:' ? https : http
    const request = client.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Facturo-Webhooks/1',
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      },
      lookup: guardedLookup(options.allowPrivate),
      timeout: options.timeoutMs,
      agent: false,
    })
    request.on('timeout', () =>
      request.destroy(new Error(`No answer within ${options.timeoutMs} ms`))
    )
    request.on('error', (error) =>
      resolve({ statusCode: null, excerpt: null, error: error.message, durationMs: elapsed() })
    )
    request.on('response', (response) => {
      const chunks: Buffer[] = []
      let read = 0
      const finish = () => {
        const text = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS)
        resolve({
          statusCode: response.statusCode ?? null,
          excerpt: text.length ? text : null,
          error: null,
          durationMs: elapsed(),
        })
      }
      response.on('data', (chunk: Buffer) => {
        if (read >= MAX_READ) return
        chunks.push(chunk)
        read += chunk.length
        if (read >= MAX_READ) {
          response.destroy()
          finish()
        }
      })
      response.on('end', finish)
      response.on('error', finish)
    })
    request.end(body)
  })
}
