/**
 * A client with nothing of the test plugins: plain HTTP to the running test
 * server and its own cookie jar, the way a browser (or someone holding a
 * copied cookie) talks to Facturo. Redirects are not followed, so tests see
 * where the server sends the client.
 */
export class RawBrowser {
  readonly cookies = new Map<string, string>()

  constructor(readonly baseUrl = `http://${process.env.HOST}:${process.env.PORT}`) {}

  /** A second client holding copies of this one's cookies (a stolen cookie jar). */
  copy() {
    const other = new RawBrowser(this.baseUrl)
    for (const [name, value] of this.cookies) other.cookies.set(name, value)
    return other
  }

  cookie(name: string) {
    return this.cookies.get(name)
  }

  async get(path: string, headers: Record<string, string> = {}) {
    return this.request('GET', path, undefined, headers)
  }

  /** A form post with the CSRF token read from the XSRF-TOKEN cookie, as the pages do. */
  async post(path: string, form: Record<string, string> = {}, method = 'POST') {
    if (!this.cookies.has('XSRF-TOKEN')) await this.get('/login')
    return this.request(method, path, new URLSearchParams(form).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      'x-xsrf-token': decodeURIComponent(this.cookies.get('XSRF-TOKEN') ?? ''),
    })
  }

  async request(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      body,
      redirect: 'manual',
      headers: {
        ...headers,
        accept: 'text/html',
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const index = pair.indexOf('=')
      const name = pair.slice(0, index).trim()
      const value = pair.slice(index + 1).trim()
      const expired = attributes.some((attribute) =>
        /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute)
      )
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const text = await response.text()
    return {
      status: response.status,
      location: response.headers.get('location'),
      headers: response.headers,
      text,
    }
  }

  /**
   * Where a GET ends for this client: the redirect target ("/login"), or
   * the status ("200") when the page is served.
   */
  async landing(path: string) {
    const result = await this.get(path)
    return result.location ?? String(result.status)
  }

  /** Signs in through the form, as a person would. */
  async signIn(email: string, password: string, remember = false) {
    const result = await this.post('/login', {
      email,
      password,
      ...(remember ? { remember: 'true' } : {}),
    })
    if (result.status !== 302 || result.location === '/login') {
      throw new Error(`sign-in failed: ${result.status} ${result.location}`)
    }
    return result
  }
}
