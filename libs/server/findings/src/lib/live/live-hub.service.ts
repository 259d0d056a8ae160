import { Inject, Injectable, Logger, MessageEvent, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client, Notification } from 'pg';
import { filter, interval, map, merge, Observable, of, Subject, takeUntil, timer } from 'rxjs';
import {
  CUSTOMER_LIVE_EVENTS,
  LIVE_CHANNEL,
  LIVE_EVENT_TYPES,
  LiveEventType,
  LiveNotification,
  OPERATOR_LIVE_EVENTS,
} from '@spendguard/contracts';
import type { AuthUser } from '@spendguard/server-auth';
import { APP_CONFIG, AppConfig } from '@spendguard/server-core';
import { isUuid } from '@spendguard/server-data';
import { LIVE_OPTIONS, LiveOptions } from './live-options';

const RECONNECT_MAX_MS = 30_000;

/**
 * The API process' end of the live updates: one dedicated PostgreSQL connection LISTENs on LIVE_CHANNEL and fans
 * each notification out to the open streams of this process, filtered per subscriber (tenant, role, customer).
 * Every process that changes findings (API replicas, analysis workers) publishes with pg_notify in its own
 * transaction, so an event reaches every replica's subscribers once the change is committed. A lost connection is
 * re-established with backoff; notifications sent while it was down are not replayed (clients reload on reconnect).
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveHub.name);
  private readonly notifications = new Subject<LiveNotification>();
  private readonly shutdown = new Subject<void>();
  private client: Client | null = null;
  private stopped = false;
  private failures = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LIVE_OPTIONS) private readonly options: LiveOptions,
  ) {}

  /** Listening before the app serves requests (a database that is down is retried in the background). */
  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.shutdown.next();
    this.shutdown.complete();
    this.notifications.complete();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Open streams in this process (each subscribed stream counts once). */
  get subscribers(): number {
    return this.notifications.observers.length;
  }

  /** Whether the listening connection is up. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** finding.created / finding.decided / finding.claimed of the operator's tenant. */
  operatorStream(user: AuthUser, expiresAt: number | null): Observable<MessageEvent> {
    return this.stream(
      (n) => n.tenantId === user.tenantId && (OPERATOR_LIVE_EVENTS as readonly LiveEventType[]).includes(n.event),
      expiresAt,
    );
  }

  /** insight.created about this customer only. */
  customerStream(user: AuthUser, expiresAt: number | null): Observable<MessageEvent> {
    return this.stream(
      (n) => n.tenantId === user.tenantId && n.customerId === user.userId && (CUSTOMER_LIVE_EVENTS as readonly LiveEventType[]).includes(n.event),
      expiresAt,
    );
  }

  /**
   * The events a subscriber may see, a comment line right away and every heartbeat, until the client leaves (Nest
   * unsubscribes, which tears all of it down), its access token expires (the client reconnects with a fresh one)
   * or the process shuts down.
   */
  private stream(visible: (n: LiveNotification) => boolean, expiresAt: number | null): Observable<MessageEvent> {
    const events = this.notifications.pipe(
      filter(visible),
      map((n): MessageEvent => ({ type: n.event, data: n.data })),
    );
    const heartbeats = interval(this.options.heartbeatMs).pipe(map((): MessageEvent => ({ comment: 'heartbeat' })));
    const live = merge(of<MessageEvent>({ comment: 'connected', retry: 5000 }), events, heartbeats).pipe(takeUntil(this.shutdown));
    return expiresAt === null ? live : live.pipe(takeUntil(timer(Math.max(0, expiresAt - Date.now()))));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'spendguard-live', keepAlive: true });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      if (!this.stopped) {
        this.logger.warn(`Live updates: the listening connection was lost${error ? ` (${error.message})` : ''}; reconnecting`);
        this.scheduleReconnect();
      }
    };
    client.on('notification', (message) => this.receive(message));
    client.on('error', onLost);
    client.on('end', () => onLost());
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
      if (this.stopped) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      this.failures = 0;
    } catch (error) {
      this.logger.error(`Live updates: cannot listen on ${LIVE_CHANNEL} (${(error as Error).message}); retrying`);
      onLost();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.failures += 1;
    const delay = Math.min(RECONNECT_MAX_MS, 500 * 2 ** Math.min(this.failures - 1, 6));
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, delay);
    this.retry.unref();
  }

  /** Malformed payloads are dropped (anything on the channel is checked before it reaches a subscriber). */
  private receive(message: Notification): void {
    if (message.channel !== LIVE_CHANNEL || !message.payload) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.payload);
    } catch {
      this.logger.warn('Live updates: a notification that is not JSON was dropped');
      return;
    }
    if (!isNotification(parsed)) {
      this.logger.warn('Live updates: a malformed notification was dropped');
      return;
    }
    this.notifications.next(parsed);
  }
}

function isNotification(value: unknown): value is LiveNotification {
  if (typeof value !== 'object' || value === null) return false;
  const n = value as Record<string, unknown>;
  return (
    isUuid(n['tenantId']) &&
    isUuid(n['customerId']) &&
    (LIVE_EVENT_TYPES as readonly unknown[]).includes(n['event']) &&
    typeof n['data'] === 'object' &&
    n['data'] !== null
  );
}
