// The portal as a plain HTTP client sees it (no browser): a cookie jar of one, the CSRF token read from the
// page, form posts.
import type { TestGateway } from '../helpers/gateway.js';

export interface PortalResponse {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

export function portalClient(gateway: TestGateway, site = '/portal') {
  let cookie: string | undefined;
  async function request(path: string, init: RequestInit = {}): Promise<PortalResponse> {
    const headers = new Headers(init.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(`${gateway.url}${site}${path}`, { ...init, headers, redirect: 'manual' });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return { status: response.status, body: await response.text(), headers: response.headers };
  }
  return {
    get: (path: string) => request(path),
    post: (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      request(path, {
        method: 'POST',
        body: new URLSearchParams(fields),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      }),
    /** The CSRF token of the last page with a form. */
    csrfOf: (body: string) => /name="csrf" value="([^"]+)"/.exec(body)?.[1] ?? '',
    get cookie() {
      return cookie;
    },
  };
}
