/** The CSRF token shield sets in the XSRF-TOKEN cookie, for requests made with fetch. */
export function xsrfToken() {
  const cookie = document.cookie.split('; ').find((item) => item.startsWith('XSRF-TOKEN='))
  return cookie ? decodeURIComponent(cookie.slice('XSRF-TOKEN='.length)) : ''
}

/** POSTs JSON with the session cookie and the CSRF token; the body is null when it is not JSON. */
export async function postJson(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: {
      'accept': 'application/json',
      'content-type': 'application/json',
      'x-xsrf-token': xsrfToken(),
    },
    body: JSON.stringify(body),
  })
  return { status: response.status, ok: response.ok, body: await response.json().catch(() => null) }
}
