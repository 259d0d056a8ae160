import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatDialogActions, MatDialogClose, MatDialogContent, MatDialogTitle } from '@angular/material/dialog';

/** The queue's keyboard shortcuts (opened with `?`). */
export const QUEUE_SHORTCUTS: ReadonlyArray<[key: string, what: string]> = [
  ['j', 'Move to the next finding'],
  ['k', 'Move to the previous finding'],
  ['Enter', 'Open the focused finding'],
  ['x', 'Select or unselect the focused finding'],
  ['a', 'Approve the focused finding as worded'],
  ['d', 'Dismiss the focused finding (asks for a reason)'],
  ['n', 'Take the next finding waiting for review'],
  ['?', 'Show this help'],
];

@Component({
  selector: 'sg-shortcuts-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogTitle, MatDialogContent, MatDialogActions, MatDialogClose, MatButton],
  template: `
    <h2 mat-dialog-title>Keyboard shortcuts</h2>
    <mat-dialog-content>
      <p class="sg-muted">They work in the review queue whenever you are not typing in a field.</p>
      <table class="keys">
        <caption class="sg-visually-hidden">Keyboard shortcuts of the review queue</caption>
        <thead><tr><th scope="col">Key</th><th scope="col">Action</th></tr></thead>
        <tbody>
          @for (s of shortcuts; track s[0]) {
            <tr><td><kbd>{{ s[0] }}</kbd></td><td>{{ s[1] }}</td></tr>
          }
        </tbody>
      </table>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-flat-button type="button" mat-dialog-close cdkFocusInitial>Close</button>
    </mat-dialog-actions>
  `,
  styles: `
    .keys { border-collapse: collapse; width: 100%; }
    .keys th, .keys td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    kbd { font-family: monospace; padding: 2px 6px; border: 1px solid var(--mat-sys-outline); border-radius: 4px; }
  `,
})
export class ShortcutsDialog {
  protected readonly shortcuts = QUEUE_SHORTCUTS;
}
