import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  contentChild,
  Directive,
  inject,
  input,
  output,
  TemplateRef,
} from '@angular/core';
import type { Loader } from '../../core/http/loader';
import { type ListFilters, ListState } from './list-state';
import { EmptyStateComponent, ErrorBoxComponent, LoadingComponent } from './loading.component';
import { PagerComponent } from './pager.component';

/** One page of a server-paged list, as the API answers it. */
export interface ListPage<T> {
  items: T[];
  total: number;
}

export interface ListItemsContext<T> {
  /** The rows of the page shown. */
  $implicit: T[];
  /** The whole answer (items and total). */
  page: ListPage<T>;
}

/**
 * Marks the template of a list page's rows, given the page's items:
 * `<ng-template [hmsListItems]="list" let-items>…</ng-template>` inside `<hms-list-page>`.
 * The loader it is given only types the template.
 */
@Directive({ selector: 'ng-template[hmsListItems]' })
export class ListItemsDirective<T> {
  readonly hmsListItems = input.required<Loader<ListPage<T>>>();
  readonly template = inject<TemplateRef<ListItemsContext<T>>>(TemplateRef);

  static ngTemplateContextGuard<T>(_dir: ListItemsDirective<T>, _ctx: unknown): _ctx is ListItemsContext<T> {
    return true;
  }
}

/**
 * The frame of a paged list: the load error, the spinner on first load, the
 * empty state (with a way back to page 1 when a later page came back empty),
 * the rows (a `hmsListItems` template) and the pager with its "Showing 21–40
 * of 213" summary. The page comes from `state` (kept in the URL) or, for a
 * list that keeps it elsewhere, from `page` with `(pageChange)`.
 */
@Component({
  selector: 'hms-list-page',
  imports: [NgTemplateOutlet, PagerComponent, LoadingComponent, EmptyStateComponent, ErrorBoxComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'd-block' },
  template: `
    <hms-error-box [message]="list().error()" />
    @if (list().loading() && !list().value()) {
      <hms-loading [label]="loadingLabel()" />
    } @else if (list().value(); as p) {
      @if (p.items.length === 0) {
        <hms-empty [text]="emptyText()"><ng-content select="[hmsListEmpty]" /></hms-empty>
        @if (currentPage() > 1) {
          <button type="button" class="btn btn-link" (click)="goTo(1)">Back to the first page</button>
        }
      } @else {
        @if (items(); as rows) {
          <ng-container *ngTemplateOutlet="rows.template; context: { $implicit: p.items, page: p }" />
        }
        <hms-pager
          [total]="p.total"
          [page]="currentPage()"
          [pageSize]="currentPageSize()"
          [noun]="noun()"
          [plural]="plural()"
          [label]="pagerLabel()"
          (pageChange)="goTo($event)"
        />
      }
    }
  `,
})
export class ListPageComponent<T> {
  readonly list = input.required<Loader<ListPage<T>>>();
  /** The list's URL state; its page and page size are the list's. */
  readonly state = input<ListState<ListFilters> | null>(null);
  /** The page when the list keeps it outside the URL (with `pageChange`). */
  readonly page = input(1);
  readonly pageSize = input(20);
  /** Singular noun of the rows, e.g. "doctor" (see the pager). */
  readonly noun = input.required<string>();
  readonly plural = input<string>();
  /** Accessible name of the page links, e.g. "Doctor pages". */
  readonly pagerLabel = input.required<string>();
  /** What an empty page says. */
  readonly emptyText = input.required<string>();
  readonly loadingLabel = input('Loading…');
  /** Asked for another page (after the state, if any, has gone there). */
  readonly pageChange = output<number>();

  protected readonly items = contentChild<ListItemsDirective<T>>(ListItemsDirective);
  protected readonly currentPage = computed(() => this.state()?.page() ?? this.page());
  protected readonly currentPageSize = computed(() => this.state()?.pageSize ?? this.pageSize());

  protected goTo(page: number): void {
    this.state()?.goTo(page);
    this.pageChange.emit(page);
  }
}
