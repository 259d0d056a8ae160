import { Controller, MessageEvent, Req, Sse } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { OPERATOR_ROLES } from '@spendguard/contracts';
import { AuthUser, CurrentUser } from '@spendguard/server-auth';
import { Roles } from '@spendguard/server-core';
import { LiveHub } from './live-hub.service';
import { tokenExpiry } from './query-token.middleware';

const TOKEN_QUERY = {
  name: 'access_token',
  required: false,
  description: 'The access token, for clients that cannot send an Authorization header (EventSource)',
};
/** The OpenAPI response of a stream: text/event-stream, one `event:` / `data:` (JSON) block per event. */
const eventStream = (example: string) =>
  ApiOkResponse({
    description: 'An event stream (text/event-stream); data is JSON',
    content: { 'text/event-stream': { schema: { type: 'string', example } } },
  });

const STREAM_NOTE =
  'text/event-stream; a comment line at once and every ~25 s (heartbeat); the stream ends when the access token expires (reconnect with a fresh one).';

/** Live queue updates for the tenant's operators (server-sent events). */
@ApiTags('findings')
@Roles(...OPERATOR_ROLES)
@Controller('findings')
export class FindingsStreamController {
  constructor(private readonly hub: LiveHub) {}

  @Sse('stream')
  @ApiOperation({
    summary: 'Server-sent events of the tenant: finding.created, finding.decided (any decision, with id, status, version, actorId), finding.claimed',
    description: STREAM_NOTE,
  })
  @ApiQuery(TOKEN_QUERY)
  @ApiProduces('text/event-stream')
  @eventStream(
    'event: finding.decided\nid: 2\ndata: {"id":"…","action":"approved","fromStatus":"in_review","status":"approved","version":3,"actorId":"…","at":"…"}\n\n',
  )
  stream(@CurrentUser() user: AuthUser, @Req() req: FastifyRequest): Observable<MessageEvent> {
    return this.hub.operatorStream(user, tokenExpiry(req));
  }
}

/** Live insights for a customer: insight.created when one of their findings is approved. */
@ApiTags('insights')
@Roles('customer')
@Controller('insights')
export class InsightsStreamController {
  constructor(private readonly hub: LiveHub) {}

  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events: insight.created {id, type, approvedAt} when one of your findings is approved', description: STREAM_NOTE })
  @ApiQuery(TOKEN_QUERY)
  @ApiProduces('text/event-stream')
  @eventStream('event: insight.created\nid: 2\ndata: {"id":"…","type":"anomaly","approvedAt":"…"}\n\n')
  stream(@CurrentUser() user: AuthUser, @Req() req: FastifyRequest): Observable<MessageEvent> {
    return this.hub.customerStream(user, tokenExpiry(req));
  }
}
