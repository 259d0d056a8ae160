import { TestBed } from '@angular/core/testing';
import type { InsightView } from '@spendguard/contracts';
import { click, FakeEventSource, portalProviders, render, signedInCustomer, text } from '../../../testing/portal-testing';
import { InsightsPage } from './insights-page';

const insight = (id: string, readAt: string | null): InsightView => ({
  id,
  type: 'anomaly',
  title: `Unusual payment ${id}`,
  message: 'A payment of $4,850.00 at Grand Horology Boutique is much larger than usual.',
  annotations: [{ body: 'Call us if this was not you.', at: '2026-11-22T10:00:00Z' }],
  approvedAt: '2026-11-22T10:00:00Z',
  readAt,
});

describe('insights page', () => {
  beforeEach(() => {
    signedInCustomer();
    TestBed.configureTestingModule({ imports: [InsightsPage], providers: portalProviders() });
  });

  it('shows approved insights with the bank’s notes; unread ones are marked and can be marked read', async () => {
    const { el, backend, settle } = await render(InsightsPage);
    backend.expectOne('/api/insights').flush({ items: [insight('a', null), insight('b', '2026-11-22T11:00:00Z')] });
    await settle();
    expect(el.querySelectorAll('sg-insight-card')).toHaveLength(2);
    expect(text(el)).toContain('Call us if this was not you.');
    expect(el.querySelectorAll('.sg-insight-unread')).toHaveLength(1);

    click(el.querySelector('button[aria-label="Mark as read: Unusual payment a"]'));
    const read = backend.expectOne('/api/insights/a/read');
    expect(read.request.body).toEqual({ read: true });
    read.flush({ ...insight('a', '2026-11-22T12:00:00Z') });
    await settle();
    expect(el.querySelectorAll('.sg-insight-unread')).toHaveLength(0);
    expect(el.querySelector('button[aria-label="Mark as unread: Unusual payment a"]')).not.toBeNull();
  });

  it('reloads when an insight arrives live', async () => {
    const { el, backend, settle } = await render(InsightsPage);
    backend.expectOne('/api/insights').flush({ items: [] });
    await settle();
    expect(text(el)).toContain('No insights yet');
    FakeEventSource.instances[0].emit('insight.created', { id: 'c', type: 'anomaly', approvedAt: '2026-11-22T10:00:00Z' });
    backend.expectOne('/api/insights').flush({ items: [insight('c', null)] });
    await settle();
    expect(text(el)).toContain('Unusual payment c');
    expect(text(el)).toContain('A new insight has arrived.');
  });
});
