import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Remembers which page component a request renders (`ctx.pageComponent`),
 * so the props shared with every page can depend on it: the translations a
 * page receives are those of its module (#core/page_messages). Shared props
 * are resolved inside `inertia.render`, after the name is known; the error
 * pages of the exception handler go through the same call.
 */
export default class PageComponentMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const inertia = ctx.inertia
    const render = inertia.render.bind(inertia)
    inertia.render = ((component: string, ...rest: unknown[]) => {
      ctx.pageComponent = component
      return (render as (...args: unknown[]) => unknown)(component, ...rest)
    }) as typeof inertia.render
    return next()
  }
}

declare module '@adonisjs/core/http' {
  interface HttpContext {
    /** The Inertia page component this request rendered, once it rendered one. */
    pageComponent?: string
  }
}
