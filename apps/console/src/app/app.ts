import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { Theme } from '@spendguard/web';

@Component({
  selector: 'sg-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet],
  template: `<router-outlet />`,
})
export class App {
  // created at start so the colour scheme is applied before the first page renders
  protected readonly theme = inject(Theme);
}
