// Server-rendered HTML for the web portal: every value is escaped on the way in (the one `html` tag), so no
// request or stored value can become markup. No script runs in the portal's pages (the CSP allows none).

/** Markup that is already safe: built by `html` from escaped parts. */
export class Html {
  constructor(readonly text: string) {}
}

const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => entities[c] ?? c);

type Part = Html | string | number | boolean | undefined | null | readonly Part[];

function render(part: Part): string {
  if (part === undefined || part === null || part === false) return '';
  if (part instanceof Html) return part.text;
  if (typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean') return escapeHtml(String(part));
  return part.map(render).join('');
}

/** A template whose interpolated values are escaped unless they are Html. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((part, i) => (out += render(part) + (strings[i + 1] ?? '')));
  return new Html(out);
}

/** Which site a page belongs to: the portal (the default) or the operator console (src/console/). */
export interface Site {
  /** The path the site is mounted at, without a trailing slash: forms post under it. */
  readonly base: string;
  readonly name: string;
  /** The navigation of a signed-in page. */
  nav(ctx: PageContext): Html;
  /** Shown instead of the navigation before signing in. */
  readonly publicNav: Html;
}

export interface PageContext {
  readonly site?: Site | undefined;
  readonly title: string;
  /** Signed in as; absent on the public pages. */
  readonly user?: string | undefined;
  readonly csrf: string;
  readonly notice?: { readonly kind: 'error' | 'ok'; readonly text: string } | undefined;
}

/** A POST form with the session's CSRF token. */
export const form = (ctx: PageContext, action: string, body: Html, extra: Html = html``): Html =>
  html`<form method="post" action="${(ctx.site ?? portalSite).base}/${action}" ${extra}><input type="hidden" name="csrf" value="${ctx.csrf}">${body}</form>`;

/** The signed-in user's name and the sign-out button, at the end of every site's navigation. */
export const signOut = (ctx: PageContext): Html =>
  html`<span class="who">${ctx.user}</span> ${form(ctx, 'logout', html`<button type="submit">Sign out</button>`, html`class="inline"`)}`;

const portalSite: Site = {
  base: '/portal',
  name: 'Instant Messenger',
  nav: (ctx) =>
    html`<nav><a href="/portal/">Inbox</a> <a href="/portal/profile">Profile and aliases</a> <a href="/portal/search">Find people</a>
        <a href="/portal/password">Password</a> ${signOut(ctx)}</nav>`,
  publicNav: html`<nav><a href="/portal/">Sign in</a> <a href="/portal/register">First registration</a></nav>`,
};

export function page(ctx: PageContext, body: Html): string {
  const site = ctx.site ?? portalSite;
  const nav = ctx.user ? site.nav(ctx) : site.publicNav;
  const notice = ctx.notice
    ? html`<p class="${ctx.notice.kind}" role="${ctx.notice.kind === 'error' ? 'alert' : 'status'}">${ctx.notice.text}</p>`
    : '';
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${ctx.title} · ${site.name}</title><link rel="stylesheet" href="/portal/portal.css"></head>
<body><header><h1>${site.name}</h1>${nav}</header><main><h2>${ctx.title}</h2>${notice}${body}</main></body></html>`.text;
}

export const stylesheet = `
body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f4f6f9; }
header { background: #1f4e79; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 1.2rem; margin: 0; }
nav { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
nav a, nav .who { color: #fff; } nav .who { opacity: .8; }
main { max-width: 46rem; margin: 1.5rem auto; background: #fff; padding: 1rem 1.5rem 1.5rem; border-radius: 8px; box-shadow: 0 1px 3px #0002; }
label { display: block; margin: .6rem 0 .2rem; font-weight: 600; }
input[type=text], input[type=password], input[type=number], textarea, select { width: 100%; box-sizing: border-box; padding: .4rem; font: inherit; }
button { margin-top: .8rem; padding: .4rem 1rem; font: inherit; background: #1f4e79; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
form.inline { display: inline; } form.inline button { margin: 0; background: #2d6a9f; }
.error { background: #fde8e8; color: #8a1c1c; padding: .6rem; border-radius: 4px; }
.ok { background: #e6f4ea; color: #1e5b2b; padding: .6rem; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .35rem; border-bottom: 1px solid #dde3ea; vertical-align: top; }
.row { display: grid; grid-template-columns: 1fr 9rem; gap: .5rem; align-items: end; }
.muted { color: #5b6b7c; font-size: .9rem; }
`;
