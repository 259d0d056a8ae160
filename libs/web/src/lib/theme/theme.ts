import { DOCUMENT } from '@angular/common';
import { computed, effect, inject, Injectable, signal } from '@angular/core';

export type ThemeChoice = 'light' | 'dark' | 'system';
const KEY = 'spendguard.theme';

/**
 * Light or dark: the user's choice when they made one, otherwise the system's (prefers-color-scheme, followed live).
 * The Material M3 theme is built with light-dark() colours, so switching is setting `color-scheme` on <html>.
 */
@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly document = inject(DOCUMENT);
  private readonly media = this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
  private readonly systemDark = signal(this.media?.matches ?? false);
  readonly choice = signal<ThemeChoice>(readChoice());
  readonly dark = computed(() => (this.choice() === 'system' ? this.systemDark() : this.choice() === 'dark'));

  constructor() {
    this.media?.addEventListener?.('change', (e) => this.systemDark.set(e.matches));
    effect(() => {
      const root = this.document.documentElement;
      root.style.colorScheme = this.dark() ? 'dark' : 'light';
      root.classList.toggle('dark-theme', this.dark());
    });
  }

  /** Flips between light and dark, remembering the choice. */
  toggle(): void {
    this.set(this.dark() ? 'light' : 'dark');
  }

  set(choice: ThemeChoice): void {
    this.choice.set(choice);
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  }
}

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}
