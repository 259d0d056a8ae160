import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { map } from 'rxjs';

@Component({
  selector: 'sg-not-found-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <section class="sg-page">
      <h1>{{ forbidden() ? 'You cannot open this page' : 'Page not found' }}</h1>
      <p class="sg-muted">
        {{ forbidden() ? 'Your role does not include this part of the console.' : 'The address does not match any page of the console.' }}
      </p>
      <a routerLink="/queue">Back to the review queue</a>
    </section>
  `,
})
export class NotFoundPage {
  private readonly data = toSignal(inject(ActivatedRoute).data.pipe(map((d) => d['forbidden'] === true)), { initialValue: false });
  protected readonly forbidden = computed(() => this.data());
}
