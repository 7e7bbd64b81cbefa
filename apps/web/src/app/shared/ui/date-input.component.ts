import {
  type AfterViewInit,
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  forwardRef,
  inject,
  Injectable,
  input,
  signal,
  viewChild,
} from '@angular/core';
import {
  type AbstractControl,
  type ControlValueAccessor,
  NG_VALIDATORS,
  NG_VALUE_ACCESSOR,
  type ValidationErrors,
  type Validator,
} from '@angular/forms';
import {
  NgbCalendar,
  NgbCalendarGregorian,
  NgbDate,
  NgbDateAdapter,
  NgbDateParserFormatter,
  type NgbDateStruct,
  NgbInputDatepicker,
} from '@ng-bootstrap/ng-bootstrap';
import { isClinicDate } from '@hms/shared';
import { ClinicTime } from '../../core/time/clinic-time';
import { ClinicDateParserFormatter, IsoDateAdapter, toStruct } from './iso-date-adapter';

/** The calendar popup's "today" is the clinic's date, not the browser's. */
@Injectable()
export class ClinicCalendar extends NgbCalendarGregorian {
  private readonly clinic = inject(ClinicTime);

  override getToday(): NgbDate {
    const { year, month, day } = toStruct(this.clinic.today());
    return new NgbDate(year, month, day);
  }
}

const FORMAT = new ClinicDateParserFormatter();

/** A clinic date `YYYY-MM-DD` as the app writes it, "7 Dec 2026". */
export function formatClinicDate(date: string): string {
  return isClinicDate(date) ? FORMAT.format(toStruct(date)) : date;
}

/** What a date field says when its text is not a date. */
export const UNREADABLE_DATE = 'Enter a date like 7 Dec 2026 (or 2026-12-07).';

/**
 * The app's date field: typed as "7 Dec 2026" (ISO "2026-12-07" and day-first
 * "7/12/2026" also read), or picked from a calendar popup whose "today" is the
 * clinic's. Its model is the `YYYY-MM-DD` string the API expects, '' when
 * empty; text that is not a date leaves the model '' and the field invalid
 * (`date` error), and a date outside `min`/`max` is invalid too
 * (`minDate`/`maxDate`). Works with `ngModel` and reactive forms; `inputId`
 * is the id of the text box, for the page's `<label for>`.
 */
@Component({
  selector: 'hms-date-input',
  imports: [NgbInputDatepicker],
  providers: [
    { provide: NgbDateAdapter, useClass: IsoDateAdapter },
    { provide: NgbDateParserFormatter, useClass: ClinicDateParserFormatter },
    { provide: NgbCalendar, useClass: ClinicCalendar },
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => DateInputComponent), multi: true },
    { provide: NG_VALIDATORS, useExisting: forwardRef(() => DateInputComponent), multi: true },
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'd-block', '[class.is-invalid]': 'showInvalid()' },
  template: `
    <div class="input-group" [class.input-group-sm]="size() === 'sm'" [class.has-validation]="showInvalid()">
      <input
        [id]="inputId()"
        class="form-control"
        autocomplete="off"
        [placeholder]="placeholder()"
        [attr.aria-describedby]="describedBy() || null"
        [attr.aria-invalid]="showInvalid() || null"
        [attr.aria-required]="required() || null"
        [class.is-invalid]="showInvalid()"
        ngbDatepicker
        #dp="ngbDatepicker"
        [minDate]="bound(min(), '1900-01-01')"
        [maxDate]="bound(max(), '2100-12-31')"
        [disabled]="disabled()"
        (blur)="blurred()"
      />
      <button
        class="btn btn-outline-secondary"
        type="button"
        [disabled]="disabled()"
        (click)="dp.toggle()"
        [attr.aria-label]="calendarLabel()"
        [attr.aria-controls]="inputId()"
      >
        <span aria-hidden="true">📅</span>
      </button>
    </div>
  `,
})
export class DateInputComponent implements ControlValueAccessor, Validator, AfterViewInit {
  /** The id of the text box, for `<label for>`. */
  readonly inputId = input.required<string>();
  /** Earliest date allowed, `YYYY-MM-DD` ('' or null for none). */
  readonly min = input<string | null>(null);
  /** Latest date allowed, `YYYY-MM-DD` ('' or null for none). */
  readonly max = input<string | null>(null);
  readonly placeholder = input('e.g. 7 Dec 2026');
  readonly calendarLabel = input('Choose a date from the calendar');
  readonly describedBy = input<string | null>(null);
  readonly required = input(false);
  readonly size = input<'sm' | null>(null);
  /** Set by the page when the field is invalid for its own reasons (server error, submitted empty). */
  readonly invalid = input(false);

  private readonly picker = viewChild(NgbInputDatepicker);
  private readonly model = signal<string | null>(null);
  protected readonly disabled = signal(false);
  /** The text typed is not a date. */
  private readonly unreadable = signal(false);
  private readonly touched = signal(false);
  protected readonly showInvalid = computed(
    () => this.invalid() || (this.touched() && (this.unreadable() || this.outOfRange(this.model()) !== null)),
  );

  private onChange: (value: string) => void = () => undefined;
  private onTouched: () => void = () => undefined;
  private onValidatorChange: () => void = () => undefined;

  constructor() {
    effect(() => {
      this.min();
      this.max();
      this.onValidatorChange();
    });
  }

  ngAfterViewInit(): void {
    // The text box's datepicker is driven from here, not through a form directive of its own.
    const picker = this.picker();
    if (!picker) return;
    picker.registerOnChange((value: string | null) => this.changed(value));
    picker.writeValue(this.model());
  }

  writeValue(value: string | null | undefined): void {
    this.model.set(value && isClinicDate(value) ? value : null);
    this.unreadable.set(false);
    // Before the view exists ngAfterViewInit writes it.
    this.picker()?.writeValue(this.model());
  }

  registerOnChange(fn: (value: string) => void): void {
    this.onChange = fn;
  }

  registerOnTouched(fn: () => void): void {
    this.onTouched = fn;
  }

  registerOnValidatorChange(fn: () => void): void {
    this.onValidatorChange = fn;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  validate(_control: AbstractControl): ValidationErrors | null {
    if (this.unreadable()) return { date: UNREADABLE_DATE };
    return this.outOfRange(this.model());
  }

  /** The datepicker's model: `YYYY-MM-DD`, null when empty, or the raw text when it is not a date. */
  protected changed(value: string | null): void {
    const date = value && isClinicDate(value) ? value : null;
    const unreadable = !!value && !date;
    if (date === this.model() && unreadable === this.unreadable()) return;
    this.unreadable.set(unreadable);
    this.model.set(date);
    this.onChange(date ?? '');
  }

  protected blurred(): void {
    this.touched.set(true);
    this.onTouched();
  }

  /** A calendar bound; without one the calendar's year list still reaches back to 1900 (dates of birth). */
  protected bound(date: string | null, otherwise: string): NgbDateStruct {
    return toStruct(date && isClinicDate(date) ? date : otherwise);
  }

  private outOfRange(date: string | null): ValidationErrors | null {
    if (!date) return null;
    const min = this.min();
    const max = this.max();
    if (min && isClinicDate(min) && date < min) return { minDate: `Choose ${formatClinicDate(min)} or later.` };
    if (max && isClinicDate(max) && date > max) return { maxDate: `Choose ${formatClinicDate(max)} or earlier.` };
    return null;
  }
}
