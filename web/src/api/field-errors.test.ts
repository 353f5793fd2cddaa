// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ApiRequestError } from './api-client.js';
import { fieldErrorsFrom, formErrorSummary } from './field-errors.js';

const invalid = (details: unknown) => new ApiRequestError(400, 'invalid_input', 'The request is not valid', details);

describe('fieldErrorsFrom', () => {
  it('reads the server issue list with dotted paths, first message per field', () => {
    const error = invalid([
      { path: 'shipping_address.city', message: 'Required' },
      { path: 'email', message: 'Invalid email' },
      { path: 'email', message: 'Too long' },
    ]);
    expect(fieldErrorsFrom(error)).toEqual({ 'shipping_address.city': 'Required', email: 'Invalid email' });
  });

  it('reads zod paths given as arrays and flattened field errors', () => {
    expect(fieldErrorsFrom(invalid([{ path: ['password'], message: 'At least 8 characters' }]))).toEqual({ password: 'At least 8 characters' });
    expect(fieldErrorsFrom(invalid({ fieldErrors: { email: ['Taken'] } }))).toEqual({ email: 'Taken' });
  });

  it('gives nothing for errors without details', () => {
    expect(fieldErrorsFrom(new ApiRequestError(409, 'email_taken', 'That email is already registered'))).toEqual({});
    expect(fieldErrorsFrom(new Error('boom'))).toEqual({});
  });
});

describe('formErrorSummary', () => {
  it("points at the fields when there are field messages, else uses the server's words", () => {
    expect(formErrorSummary(invalid([]), { email: 'x' }, 'fallback')).toBe('Please correct the highlighted fields.');
    expect(formErrorSummary(new ApiRequestError(409, 'email_taken', 'That email is already registered'), { email: 'Already registered' }, 'fallback')).toBe(
      'That email is already registered',
    );
    expect(formErrorSummary(new Error('offline'), {}, 'fallback')).toBe('fallback');
  });
});
