/** The one e-mail check both auth forms make before asking the server: something@domain.tld, no spaces. */
export const looksLikeEmail = (value: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim());

export const EMAIL_EXAMPLE = 'Enter an email address like name@example.com.';
