import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { NgbPagination } from '@ng-bootstrap/ng-bootstrap';
import { ListState } from './list-state';

/**
 * The footer of a paged list: "Showing 21–40 of 213 doctors" and the page links
 * (hidden when everything fits on one page). Pair it with a ListState so the page
 * is in the URL: `(pageChange)="state.goTo($event)"`.
 */
@Component({
  selector: 'hms-pager',
  imports: [NgbPagination],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center mt-3 gap-2">
      <span class="small text-secondary" data-testid="pager-summary" aria-live="polite">{{ summary() }}</span>
      @if (total() > pageSize()) {
        <nav [attr.aria-label]="label()">
          <ngb-pagination
            [collectionSize]="total()"
            [pageSize]="pageSize()"
            [page]="page()"
            (pageChange)="changed($event)"
            [maxSize]="3"
            [rotate]="true"
            [boundaryLinks]="true"
            [ellipses]="false"
            size="sm"
            class="d-flex"
          />
        </nav>
      }
    </div>
  `,
})
export class PagerComponent {
  readonly total = input.required<number>();
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  /** Singular noun of the items, e.g. "doctor". */
  readonly noun = input.required<string>();
  /** Plural noun when it is not the singular plus "s" (or "y" → "ies"). */
  readonly plural = input<string>();
  readonly label = input.required<string>();
  readonly pageChange = output<number>();

  protected readonly summary = computed(() => {
    const total = this.total();
    const nouns = total === 1 ? this.noun() : (this.plural() ?? pluralOf(this.noun()));
    if (total === 0) return `No ${nouns}`;
    const { first, last } = ListState.range(total, this.page(), this.pageSize());
    if (first === 1 && last === total) return `${total} ${nouns}`;
    return `Showing ${first}–${last} of ${total} ${nouns}`;
  });

  protected changed(page: number): void {
    if (page !== this.page()) this.pageChange.emit(page);
  }
}

function pluralOf(noun: string): string {
  return /[^aeiou]y$/.test(noun) ? `${noun.slice(0, -1)}ies` : `${noun}s`;
}
