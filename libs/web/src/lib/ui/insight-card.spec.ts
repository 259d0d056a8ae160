import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { SESSION_CONFIG } from '../auth/session';
import { InsightCard } from './insight-card';

describe('InsightCard', () => {
  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), { provide: SESSION_CONFIG, useValue: { storageKey: 'web.test', signInPath: '/sign-in', roles: ['customer'] } }],
    });
  });
  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it("shows the kind, the title as the card's heading, the message and the bank's notes", () => {
    const fixture = TestBed.createComponent(InsightCard);
    fixture.componentRef.setInput('type', 'recurring_change');
    fixture.componentRef.setInput('title', 'StreamFlix price went up');
    fixture.componentRef.setInput('message', 'It now costs $17.99 a month.');
    fixture.componentRef.setInput('notes', [{ body: 'You can cancel it in the app.', at: '2026-11-21T10:00:00Z' }]);
    fixture.componentRef.setInput('approvedAt', '2026-11-21T10:00:00Z');
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const article = el.querySelector('article') as HTMLElement;
    expect(article.getAttribute('aria-labelledby')).toBe(el.querySelector('h3')?.id);
    expect(el.querySelector('h3')?.textContent).toBe('StreamFlix price went up');
    expect(el.querySelector('.sg-insight-kind')?.textContent).toBe('Regular payment');
    expect(el.querySelector('.sg-insight-message')?.textContent).toBe('It now costs $17.99 a month.');
    expect(el.querySelector('[aria-label="Notes from your bank"]')?.textContent).toContain('You can cancel it in the app.');
    expect(el.querySelector('time')?.getAttribute('datetime')).toBe('2026-11-21T10:00:00Z');
  });

  it('a preview has no date and no notes list', () => {
    const fixture = TestBed.createComponent(InsightCard);
    fixture.componentRef.setInput('type', 'anomaly');
    fixture.componentRef.setInput('title', 'T');
    fixture.componentRef.setInput('message', 'M');
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('time')).toBeNull();
    expect(el.querySelector('ul')).toBeNull();
  });
});
