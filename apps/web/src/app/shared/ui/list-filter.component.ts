import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { DateInputComponent } from './date-input.component';
import type { ListFilters, ListState } from './list-state';

export interface FilterOption {
  value: string;
  label: string;
}

/** Typing and calendar picks reach the URL once they pause. */
const TYPING_DEBOUNCE_MS = 300;

/**
 * One labelled filter of a list page, bound to one key of its ListState (so to
 * the URL): `search` (typed, debounced), `text` (typed, trimmed, debounced),
 * `select` (options after an "all" choice) or `date` (the clinic date field).
 * Put the grid classes on the element: `<hms-list-filter class="col-md-4" …>`.
 */
@Component({
  selector: 'hms-list-filter',
  imports: [FormsModule, DateInputComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <label [for]="fieldId()" class="form-label">{{ label() }}</label>
    @switch (kind()) {
      @case ('select') {
        <select
          [id]="fieldId()"
          class="form-select"
          [name]="key()"
          [ngModel]="value()"
          (ngModelChange)="set($event, false)"
        >
          <option value="">{{ allLabel() }}</option>
          @for (o of options(); track o.value) {
            <option [value]="o.value">{{ o.label }}</option>
          }
        </select>
      }
      @case ('date') {
        <hms-date-input [inputId]="fieldId()" [name]="key()" [ngModel]="value()" (ngModelChange)="set($event, true)" />
      }
      @default {
        <input
          [id]="fieldId()"
          [type]="kind() === 'search' ? 'search' : 'text'"
          class="form-control"
          [name]="key()"
          [placeholder]="placeholder()"
          [ngModel]="value()"
          (ngModelChange)="set(kind() === 'text' ? $event.trim() : $event, true)"
        />
      }
    }
  `,
})
export class ListFilterComponent<F extends ListFilters> {
  readonly state = input.required<ListState<F>>();
  readonly key = input.required<keyof F & string>();
  readonly kind = input<'search' | 'text' | 'select' | 'date'>('search');
  readonly label = input.required<string>();
  /** The id of the field, for its label (and the page's tests). */
  readonly fieldId = input.required<string>();
  readonly placeholder = input('');
  readonly options = input<readonly FilterOption[]>([]);
  /** The first choice of a select, meaning "not filtered". */
  readonly allLabel = input('All');

  protected readonly value = computed(() => this.state().value(this.key()));

  protected set(value: string, typed: boolean): void {
    const patch = { [this.key()]: value ?? '' } as Partial<F>;
    this.state().set(patch, typed ? { debounce: TYPING_DEBOUNCE_MS } : {});
  }
}
