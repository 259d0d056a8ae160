import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { Session } from '../auth/session';
import { API_BASE } from '../http/api';

export interface LiveEvent<T = unknown> {
  type: string;
  data: T;
}

/**
 * Server-sent events from the API (`/findings/stream`, `/insights/stream`). EventSource cannot send headers, so the
 * access token goes in the query; the server ends a stream when its token expires, and it is reopened with a fresh
 * token (refreshed when needed). Connection errors back off up to 30 s. Unsubscribing closes the stream.
 */
@Injectable({ providedIn: 'root' })
export class LiveEvents {
  private readonly session = inject(Session);
  private readonly api = inject(API_BASE);

  stream<T = unknown>(path: string, eventTypes: readonly string[]): Observable<LiveEvent<T>> {
    return new Observable<LiveEvent<T>>((subscriber) => {
      let source: EventSource | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      let failures = 0;
      let closed = false;

      const open = () => {
        if (closed) return;
        this.session.freshToken().subscribe({
          next: (token) => {
            if (closed) return;
            source = new EventSource(`${this.api}${path}?access_token=${encodeURIComponent(token)}`);
            source.onopen = () => (failures = 0);
            for (const type of eventTypes) {
              source.addEventListener(type, (event) => {
                try {
                  subscriber.next({ type, data: JSON.parse((event as MessageEvent<string>).data) as T });
                } catch {
                  // a malformed event is skipped, the stream goes on
                }
              });
            }
            source.onerror = () => {
              source?.close();
              source = null;
              failures++;
              timer = setTimeout(open, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
            };
          },
          error: () => subscriber.complete(), // signed out
        });
      };
      open();
      return () => {
        closed = true;
        if (timer) clearTimeout(timer);
        source?.close();
      };
    });
  }
}
