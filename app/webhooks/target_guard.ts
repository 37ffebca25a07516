import dns from 'node:dns'
import net from 'node:net'
import type { LookupFunction } from 'node:net'

/**
 * The SSRF guard of outgoing webhooks. A company types the URL, so without
 * it an endpoint could make Facturo's servers call the platform's own
 * network (Redis, PostgreSQL, a cloud metadata service at 169.254.169.254).
 * Every address a host name resolves to must be public; the check runs
 * when the endpoint is saved (a clear message) and again as the
 * connection's own DNS lookup at every delivery, so a name that later
 * resolves elsewhere (DNS rebinding) is refused too. Redirects are never
 * followed (app/webhooks/http_delivery.ts).
 */

/** Blocks of addresses that are not on the public internet. */
const PRIVATE_BLOCKS = new net.BlockList()
for (const [prefix, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE_BLOCKS.addSubnet(prefix, bits, 'ipv4')
}
for (const [prefix, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  PRIVATE_BLOCKS.addSubnet(prefix, bits, 'ipv6')
}

/** True for an address outside the public internet (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return isPrivateAddress(mapped[1])
  const family = net.isIP(address)
  if (family === 4) return PRIVATE_BLOCKS.check(address, 'ipv4')
  if (family === 6) return PRIVATE_BLOCKS.check(address, 'ipv6')
  return true
}

export class PrivateTargetError extends Error {
  code = 'E_WEBHOOK_PRIVATE_TARGET'
  constructor(readonly host: string) {
    super(`Webhook target ${host} resolves to a private, loopback or link-local address`)
  }
}

export class UnresolvableTargetError extends Error {
  code = 'E_WEBHOOK_UNRESOLVABLE'
  constructor(
    readonly host: string,
    options?: ErrorOptions
  ) {
    super(`Webhook target ${host} does not resolve`, options)
  }
}

/** Every address of the host (an IP literal is its own answer). */
async function addressesOf(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '')
  if (net.isIP(bare)) return [bare]
  try {
    const found = await dns.promises.lookup(bare, { all: true, verbatim: true })
    return found.map((entry) => entry.address)
  } catch (error) {
    throw new UnresolvableTargetError(host, { cause: error })
  }
}

/** Refuses a URL whose host resolves to any non-public address (unless allowed). */
export async function assertPublicTarget(url: URL, allowPrivate: boolean) {
  const addresses = await addressesOf(url.hostname)
  if (allowPrivate) return
  if (addresses.some(isPrivateAddress)) throw new PrivateTargetError(url.hostname)
}

/**
 * A `lookup` for http.request that resolves as usual and refuses private
 * answers: the check and the connection use the same address.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const list = addresses as unknown as dns.LookupAddress[]
      if (!allowPrivate && list.some((entry) => isPrivateAddress(entry.address))) {
        return callback(new PrivateTargetError(hostname), '', 0)
      }
      if ((options as dns.LookupOptions).all) return (callback as any)(null, list)
      callback(null, list[0].address, list[0].family)
    })
  }
}
