import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Hono } from 'hono';

const require = createRequire(import.meta.url);

// Read once at start-up: a handful of small files, served from memory.
const FILES: Record<string, { body: string; type: string }> = {
  'htmx.min.js': {
    body: readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8'),
    type: 'text/javascript; charset=utf-8',
  },
  'broen.css': {
    body: readFileSync(new URL('./broen.css', import.meta.url), 'utf8'),
    type: 'text/css; charset=utf-8',
  },
  'broen.js': {
    body: readFileSync(new URL('./broen.js', import.meta.url), 'utf8'),
    type: 'text/javascript; charset=utf-8',
  },
};

/**
 * Serves htmx and Broen's own stylesheet and script under /static, cached for a day
 * (htmx is pinned, so its file never changes under the same URL within a release).
 * @example app.route('/static', createStaticRoutes());
 */
export function createStaticRoutes(): Hono {
  const app = new Hono();
  app.get('/:file', (c) => {
    const file = FILES[c.req.param('file')];
    if (!file) return c.notFound();
    return c.body(file.body, 200, {
      'content-type': file.type,
      'cache-control': 'public, max-age=86400',
    });
  });
  return app;
}
