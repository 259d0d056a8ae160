import fastifyMultipart from '@fastify/multipart';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { DomainExceptionFilter } from '../errors/domain-exception.filter';
import { requestIdFor } from './request-id';

export const API_PREFIX = 'api';

/** The largest JSON body the API reads (batch ingestion of 5,000 expenses fits well inside). */
export const BODY_LIMIT_BYTES = 12 * 1024 * 1024;

/**
 * The HTTP server under Nest: Fastify. Client addresses follow TRUST_PROXY (the same proxy-addr rules Express used),
 * JSON bodies up to BODY_LIMIT_BYTES, a trailing slash does not change the route, and every request carries an id
 * (logged on every line, echoed as X-Request-Id).
 */
export function createHttpAdapter(config: Pick<AppConfig, 'trustProxy'>): FastifyAdapter {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: requestIdFor,
    logger: false,
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
  return adapter;
}

/**
 * Everything an HTTP app needs before it listens, shared by the server and the integration tests so
 * the tests exercise exactly what production runs.
 */
export async function configureApp(app: INestApplication, config: AppConfig): Promise<void> {
  const fastify = app as NestFastifyApplication;
  // multipart bodies (the CSV import) are read by the route that expects one, with its own limits
  await fastify.register(fastifyMultipart, { throwFileSizeLimit: true });
  app.setGlobalPrefix(API_PREFIX);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  // API answers are per user and change with every write: never stored by a cache.
  app.use(`/${API_PREFIX}`, (_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: false });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      stopAtFirstError: false,
    }),
  );
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Spendguard API')
      .setDescription(
        'Multi-tenant spending analytics. Customers manage expenses and budgets; the nightly analysis produces findings that operators review before customers see them.',
      )
      .setVersion('1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
      .build(),
  );
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
