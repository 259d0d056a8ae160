import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';

export const WEB_APPS = ['console', 'portal'] as const;

/**
 * Serves the built front ends in the all-in-one mode: `/console` and `/portal`, each a single-page app whose deep
 * links (e.g. /console/findings/…) answer with its index.html. Hashed bundles are cached for a year, index.html never.
 * `/` leads to the portal. A front end that was not built is reported once and simply not served.
 */
export function mountWebApps(app: NestExpressApplication, distDir: string, warn: (message: string) => void): string[] {
  const mounted: string[] = [];
  for (const name of WEB_APPS) {
    const dir = path.join(distDir, name);
    const index = path.join(dir, 'index.html');
    if (!existsSync(index)) {
      warn(`The ${name} was not built (${path.relative(process.cwd(), index)} missing); /${name} is not served. Run npm run build.`);
      continue;
    }
    const sendIndex = (_req: Request, res: Response) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    };
    app.use(
      `/${name}`,
      express.static(dir, {
        index: false,
        fallthrough: true,
        setHeaders: (res, file) => {
          res.setHeader('Cache-Control', /-[A-Z0-9]{8}\.(js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      }),
    );
    app.use(`/${name}`, (req: Request, res: Response, next: NextFunction) => {
      // a missing file with an extension is a 404, any other GET is a route of the app
      if ((req.method !== 'GET' && req.method !== 'HEAD') || path.extname(req.path)) return next();
      sendIndex(req, res);
    });
    mounted.push(name);
  }
  if (mounted.includes('portal')) {
    app.use((req: Request, res: Response, next: NextFunction) => (req.method === 'GET' && req.path === '/' ? res.redirect(302, '/portal/') : next()));
  }
  return mounted;
}
