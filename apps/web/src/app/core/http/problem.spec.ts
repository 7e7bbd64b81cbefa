import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { problemMessage, toProblem } from './problem';

describe('toProblem', () => {
  it('reads a problem+json body', () => {
    const error = new HttpErrorResponse({
      status: 409,
      error: { type: 'urn:slot-taken', title: 'Conflict', status: 409, detail: 'The slot is taken.' },
    });
    expect(toProblem(error)).toEqual({
      type: 'urn:slot-taken',
      title: 'Conflict',
      status: 409,
      detail: 'The slot is taken.',
    });
  });

  it('parses a problem sent as text', () => {
    const error = new HttpErrorResponse({
      status: 422,
      headers: new HttpHeaders({ 'Content-Type': 'application/problem+json' }),
      error: JSON.stringify({ type: 'about:blank', title: 'Outside availability', status: 422 }),
    });
    expect(toProblem(error).title).toBe('Outside availability');
  });

  it('explains an unreachable server', () => {
    const problem = toProblem(new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') }));
    expect(problem.status).toBe(0);
    expect(problem.title).toMatch(/cannot be reached/);
  });

  it('prefers the detail over the title', () => {
    expect(problemMessage({ type: 'x', title: 'Conflict', status: 409, detail: 'Slot taken' })).toBe('Slot taken');
    expect(problemMessage({ type: 'x', title: 'Conflict', status: 409, detail: '  ' })).toBe('Conflict');
  });
});
