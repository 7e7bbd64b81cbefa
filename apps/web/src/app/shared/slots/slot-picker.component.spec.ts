import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Slot } from '@hms/api-client';
import { ClinicTime } from '../../core/time/clinic-time';
import { SlotPickerComponent } from './slot-picker.component';

@Component({
  imports: [SlotPickerComponent],
  template: `<hms-slot-picker [slots]="slots()" [(selected)]="selected" />`,
})
class HostComponent {
  readonly slots = signal<Slot[]>([
    { startsAt: '2030-05-06T09:00:00Z', endsAt: '2030-05-06T09:30:00Z', available: false },
    { startsAt: '2030-05-06T09:30:00Z', endsAt: '2030-05-06T10:00:00Z', available: true },
    { startsAt: '2030-05-07T09:00:00Z', endsAt: '2030-05-07T09:30:00Z', available: true },
  ]);
  readonly selected = signal<string | null>(null);
}

describe('SlotPickerComponent', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture;
  }

  it('groups slots by clinic day and states the time zone', async () => {
    TestBed.inject(ClinicTime).setTimeZone('UTC');
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.textContent).toContain("clinic's time zone (UTC)");
    const days = [...el.querySelectorAll<HTMLButtonElement>('[data-date]')].map((b) => b.dataset['date']);
    expect(days).toEqual(['2030-05-06', '2030-05-07']);
  });

  it('shows taken slots disabled and labelled, free ones selectable', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    const taken = el.querySelector<HTMLButtonElement>('[data-starts-at="2030-05-06T09:00:00Z"]')!;
    const free = el.querySelector<HTMLButtonElement>('[data-starts-at="2030-05-06T09:30:00Z"]')!;
    expect(taken.disabled).toBe(true);
    expect(taken.getAttribute('aria-label')).toBe('09:00, taken');
    expect(free.disabled).toBe(false);
    expect(free.getAttribute('aria-label')).toBe('09:30, free');

    free.click();
    fixture.detectChanges();
    expect(fixture.componentInstance.selected()).toBe('2030-05-06T09:30:00Z');
    expect(free.getAttribute('aria-pressed')).toBe('true');
  });

  it('switches day with the day buttons', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-date="2030-05-07"]')!.click();
    fixture.detectChanges();
    expect(el.querySelector('[data-starts-at="2030-05-07T09:00:00Z"]')).not.toBeNull();
    expect(el.querySelector('[data-starts-at="2030-05-06T09:30:00Z"]')).toBeNull();
  });
});

describe('SlotPickerComponent keyboard', () => {
  it('is one tab stop and moves between free times with the arrow keys', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.componentInstance.slots.set([
      { startsAt: '2030-05-06T09:00:00Z', endsAt: '2030-05-06T09:30:00Z', available: true },
      { startsAt: '2030-05-06T09:30:00Z', endsAt: '2030-05-06T10:00:00Z', available: false },
      { startsAt: '2030-05-06T10:00:00Z', endsAt: '2030-05-06T10:30:00Z', available: true },
    ]);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    const first = el.querySelector<HTMLButtonElement>('[data-starts-at="2030-05-06T09:00:00Z"]')!;
    const third = el.querySelector<HTMLButtonElement>('[data-starts-at="2030-05-06T10:00:00Z"]')!;
    expect(first.tabIndex).toBe(0);
    expect(third.tabIndex).toBe(-1);

    first.focus();
    first.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    fixture.detectChanges();
    expect(document.activeElement).toBe(third);
    expect(third.tabIndex).toBe(0);
    expect(first.tabIndex).toBe(-1);
  });
});

describe('SlotPickerComponent focus and selection', () => {
  it('shows a focused slot unlike a selected one: only the selected is pressed, filled and checked', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    el.querySelector<HTMLButtonElement>('[data-date="2030-05-07"]')!.click();
    fixture.detectChanges();
    el.querySelector<HTMLButtonElement>('[data-date="2030-05-06"]')!.click();
    fixture.detectChanges();
    const slot = el.querySelector<HTMLButtonElement>('[data-starts-at="2030-05-06T09:30:00Z"]')!;

    slot.focus();
    slot.dispatchEvent(new FocusEvent('focus'));
    fixture.detectChanges();
    expect(document.activeElement).toBe(slot);
    expect(slot.getAttribute('aria-pressed')).toBe('false');
    expect(slot.classList.contains('selected')).toBe(false);
    expect(slot.classList.contains('btn-outline-success')).toBe(true);
    expect(slot.textContent).not.toContain('✓');

    slot.click();
    fixture.detectChanges();
    expect(slot.getAttribute('aria-pressed')).toBe('true');
    expect(slot.classList.contains('selected')).toBe(true);
    expect(slot.classList.contains('btn-success')).toBe(true);
    expect(slot.textContent).toContain('✓');
  });
});

describe('SlotPickerComponent initial day', () => {
  it("opens on the given day (the visit's day), not on the first day", async () => {
    @Component({
      imports: [SlotPickerComponent],
      template: `<hms-slot-picker [slots]="slots" initialDate="2030-05-07" />`,
    })
    class StartOnDay {
      readonly slots: Slot[] = [
        { startsAt: '2030-05-06T09:30:00Z', endsAt: '2030-05-06T10:00:00Z', available: true },
        { startsAt: '2030-05-07T09:00:00Z', endsAt: '2030-05-07T09:30:00Z', available: true },
      ];
    }
    TestBed.inject(ClinicTime).setTimeZone('UTC');
    const fixture = TestBed.createComponent(StartOnDay);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-date="2030-05-07"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(el.querySelector('[data-starts-at="2030-05-07T09:00:00Z"]')).not.toBeNull();
    expect(el.querySelector('[data-starts-at="2030-05-06T09:30:00Z"]')).toBeNull();
  });
});
