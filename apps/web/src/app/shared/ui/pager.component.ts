import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { NgbPagination } from '@ng-bootstrap/ng-bootstrap';

/** The footer of a paged list: how many there are, and the page links. */
@Component({
  selector: 'hms-pager',
  imports: [NgbPagination],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="d-flex flex-wrap justify-content-between align-items-center mt-3 gap-2">
      <span class="small text-secondary">{{ total() }} {{ noun() }}(s)</span>
      <ngb-pagination
        [collectionSize]="total()"
        [pageSize]="pageSize()"
        [page]="page()"
        (pageChange)="pageChange.emit($event)"
        [maxSize]="5"
        [rotate]="true"
        [boundaryLinks]="true"
        size="sm"
        [attr.aria-label]="label()"
      />
    </div>
  `,
})
export class PagerComponent {
  readonly total = input.required<number>();
  readonly page = input.required<number>();
  readonly pageSize = input.required<number>();
  /** Singular noun of the items, e.g. "doctor". */
  readonly noun = input.required<string>();
  readonly label = input.required<string>();
  readonly pageChange = output<number>();
}
