import { routeTable } from './route_table.js'

/**
 * URLs of the server's named routes, for links, forms and visits:
 * route('app.documents.show', { id: 7 }) gives /app/documents/7.
 *
 * The table is generated from the router (`node ace routes:client`), so a
 * route name or parameter that does not exist fails `npm run typecheck`.
 * A small function rather than Tuyau: Tuyau's v6 line (0.x) generates an
 * API client from the controllers with ts-morph and ships ky to the browser;
 * the pages only need URLs.
 */
export type RouteName = keyof typeof routeTable

type ParamNames<Pattern extends string> = Pattern extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : Pattern extends `${string}:${infer Name}`
    ? Name
    : never

type Scalar = string | number
export type RouteParams<Name extends RouteName> = {
  [Key in ParamNames<(typeof routeTable)[Name]>]: Scalar
}
export type RouteQuery = Record<string, Scalar | boolean | null | undefined>
export interface RouteOptions {
  /** Query string; null, undefined and '' values are left out. */
  qs?: RouteQuery
}

type RouteArgs<Name extends RouteName> = [ParamNames<(typeof routeTable)[Name]>] extends [never]
  ? [params?: Record<string, never>, options?: RouteOptions]
  : [params: RouteParams<Name>, options?: RouteOptions]

export function route<Name extends RouteName>(name: Name, ...args: RouteArgs<Name>): string {
  const [params, options] = args as [Record<string, Scalar> | undefined, RouteOptions | undefined]
  const pattern: string = routeTable[name]
  if (pattern === undefined) throw new Error(`Unknown route "${name}"`)
  const path = pattern.replace(/:([A-Za-z_]\w*)/g, (_match, key: string) => {
    const value = params?.[key]
    if (value === undefined || value === null || value === '') {
      throw new Error(`Route "${name}" needs the "${key}" parameter`)
    }
    return encodeURIComponent(String(value))
  })
  return path + queryString(options?.qs)
}

/** `?a=1&b=2` from a query object (keys in order), or '' when nothing is left. */
export function queryString(query: RouteQuery | undefined): string {
  if (!query) return ''
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    search.append(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}
