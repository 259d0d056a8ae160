import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const WEB_APPS = ['console', 'portal'] as const;

/** Angular's output names bundles `<name>-<HASH>.js|css`: those never change and are cached for a year. */
const HASHED = /-[A-Z0-9]{8}\.(js|css)$/;

/**
 * Serves the built front ends in the all-in-one mode: `/console` and `/portal`, each a single-page app whose deep
 * links (e.g. /console/findings/…) answer with its index.html. Hashed bundles are cached for a year, index.html never.
 * `/` leads to the portal. A front end that was not built is reported once and simply not served.
 */
export async function mountWebApps(app: NestFastifyApplication, distDir: string, warn: (message: string) => void): Promise<string[]> {
  const mounted = WEB_APPS.filter((name) => {
    const index = path.join(distDir, name, 'index.html');
    if (existsSync(index)) return true;
    warn(`The ${name} was not built (${path.relative(process.cwd(), index)} missing); /${name} is not served. Run npm run build.`);
    return false;
  });
  if (!mounted.length) return mounted;
  // only reply.sendFile: the routes below decide between a file and the app's index.html
  await app.register(fastifyStatic, { root: distDir, serve: false });
  const fastify = app.getHttpAdapter().getInstance();
  for (const name of mounted) {
    const dir = path.join(distDir, name);
    const sendIndex = (reply: FastifyReply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html', dir, { cacheControl: false });
    fastify.get(`/${name}`, (_req, reply) => sendIndex(reply));
    fastify.get(`/${name}/*`, (req: FastifyRequest<{ Params: { '*': string } }>, reply) => {
      const file = req.params['*'];
      // any path without an extension is a route of the app; a missing file with one is a 404 (sendFile's)
      if (!path.extname(file)) return sendIndex(reply);
      return reply.header('Cache-Control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file, dir, { cacheControl: false });
    });
  }
  if (mounted.includes('portal')) fastify.get('/', (_req, reply) => reply.redirect('/portal/', 302));
  return mounted;
}
