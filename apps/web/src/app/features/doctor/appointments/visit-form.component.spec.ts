import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { NgbModal, NgbModalConfig, NgbModalRef } from '@ng-bootstrap/ng-bootstrap';
import { openVisitForm } from './visit-form.component';

/** Lets the modal stack render and settle (the modal acts on Escape in an animation frame). */
async function settle(): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }
}

function dialogs(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('ngb-modal-window')];
}

function type(id: string, text: string): void {
  const field = document.querySelector<HTMLTextAreaElement>(`#${id}`)!;
  field.value = text;
  field.dispatchEvent(new Event('input'));
}

function pressEscape(): void {
  dialogs()
    .at(-1)!
    .dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
}

function button(label: string): HTMLButtonElement {
  const found = [...dialogs().at(-1)!.querySelectorAll('button')].find((b) => b.textContent?.trim() === label);
  if (!found) throw new Error(`no button "${label}"`);
  return found;
}

describe('visit form: unsaved notes', () => {
  let ref: NgbModalRef;
  let outcome: string;

  async function open(treatment: Parameters<typeof openVisitForm>[1]['treatment'] = null) {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    TestBed.inject(NgbModalConfig).animation = false;
    ref = openVisitForm(TestBed.inject(NgbModal), {
      id: 'a1',
      startsAt: '2030-05-06T09:00:00Z',
      treatment,
      patientName: 'Ann Lee',
    });
    outcome = 'open';
    ref.result.then(
      () => (outcome = 'closed'),
      () => (outcome = 'dismissed'),
    );
    await settle();
  }

  afterEach(async () => {
    TestBed.inject(NgbModal).dismissAll();
    await settle();
  });

  it('closes at once on Escape when nothing was typed', async () => {
    await open();
    pressEscape();
    await settle();
    expect(outcome).toBe('dismissed');
    expect(dialogs()).toHaveLength(0);
  });

  it('asks before Escape throws away typed notes, with focus on keeping them', async () => {
    await open();
    type('visit-diagnosis', 'Seasonal flu');
    pressEscape();
    await settle();
    expect(outcome).toBe('open');
    expect(dialogs()).toHaveLength(2);
    expect(dialogs()[1].textContent).toContain('Discard your notes?');
    expect(document.activeElement?.textContent?.trim()).toBe('Keep editing');

    button('Keep editing').click();
    await settle();
    expect(outcome).toBe('open');
    expect(dialogs()).toHaveLength(1);
    expect(document.querySelector<HTMLTextAreaElement>('#visit-diagnosis')!.value).toBe('Seasonal flu');

    button('Close').click();
    await settle();
    expect(dialogs()).toHaveLength(2);
    button('Discard').click();
    await settle();
    expect(outcome).toBe('dismissed');
    expect(dialogs()).toHaveLength(0);
  });

  it('asks before a click outside throws away an edited treatment', async () => {
    await open({
      id: 't1',
      appointmentId: 'a1',
      diagnosis: 'Flu',
      prescription: '',
      notes: '',
      version: 1,
      createdAt: '2030-05-06T09:30:00Z',
      updatedAt: '2030-05-06T09:30:00Z',
    });
    expect(document.querySelector('#visit-title')?.textContent).toContain('Edit treatment');
    // Opening an existing treatment is not a change.
    type('visit-notes', 'Rest for a week');
    const window = dialogs()[0];
    window.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await settle();
    expect(outcome).toBe('open');
    expect(dialogs()).toHaveLength(2);
    expect(dialogs()[1].textContent).toContain('Your changes to this treatment are not saved');
  });
});
