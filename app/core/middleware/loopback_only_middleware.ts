import { BlockList, isIP } from 'node:net'
import { errors } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

/**
 * Whether a socket address is this machine: 127.0.0.0/8, ::1, or an IPv4
 * loopback written as an IPv6-mapped address (::ffff:127.0.0.1).
 */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false
  const plain = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address
  const family = isIP(plain)
  if (family === 4) return LOOPBACK.check(plain, 'ipv4')
  if (family === 6) return LOOPBACK.check(plain, 'ipv6')
  return false
}

/**
 * Development tools that show other people's mail (reset links,
 * invitations, invoices) answer only to this machine; anyone else gets the
 * same 404 as an unknown URL. The socket's address decides, never
 * X-Forwarded-For, which the client writes itself.
 */
export default class LoopbackOnlyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (!isLoopbackAddress(ctx.request.request.socket.remoteAddress)) {
      throw new errors.E_ROUTE_NOT_FOUND([ctx.request.method(), ctx.request.url()])
    }
    return next()
  }
}
