import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';

export interface SseEvent {
  type: string;
  id?: string;
  data: any;
}

/**
 * A streaming client over real HTTP (node:http): parses the event stream as it arrives, so tests can wait for an
 * event, and look at everything received (events and comment lines) so far.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  body = '';
  ended = false;
  private buffer = '';
  private waiters: Array<() => void> = [];

  private constructor(
    readonly status: number,
    readonly headers: http.IncomingHttpHeaders,
    private readonly req: http.ClientRequest,
    res: http.IncomingMessage,
  ) {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      this.body += chunk;
      this.buffer += chunk;
      this.parse();
      this.notify();
    });
    res.on('end', () => {
      this.ended = true;
      this.notify();
    });
    res.on('error', () => undefined);
  }

  static open(port: number, path: string, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path, headers: { accept: 'text/event-stream', ...headers } }, (res) =>
        resolve(new SseClient(res.statusCode ?? 0, res.headers, req, res)),
      );
      req.on('error', reject);
    });
  }

  /** The JSON error body of a refused stream. */
  async json(): Promise<any> {
    await this.until(() => this.ended, 5000, 'the response to end');
    return JSON.parse(this.body);
  }

  /** Resolves with the first received event matching, waiting up to `ms`. */
  async next(match: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
    await this.until(() => this.events.some(match), ms, 'a matching event');
    return this.events.find(match) as SseEvent;
  }

  until(done: () => boolean, ms: number, what: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; received ${JSON.stringify(this.events)}`));
      }, ms);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  close(): void {
    this.req.destroy();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private parse(): void {
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let type = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('event: ')) type = line.slice(7);
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length) this.events.push({ type, id, data: JSON.parse(data.join('\n')) });
    }
  }
}

/** Makes the test app listen on an ephemeral port (supertest alone never keeps a stream open). */
export async function listen(app: INestApplication): Promise<number> {
  const server = app.getHttpServer() as http.Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
