import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'sg-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="sg-page">
      <h1>Page not found</h1>
      <p class="sg-muted">The address does not match any page.</p>
      <a routerLink="/home">Back to your overview</a>
    </section>
  `,
})
export class NotFoundPage {}
