/**
 * Ids here are PostgreSQL integers (schema.ts), but a client may name any id up to 2^53 - 1
 * (the contract's MAX_ID), as SQLite's 64-bit ids allow. An id outside the integer range names
 * no row, so the repositories answer "not found" for it without sending it: PostgreSQL would
 * refuse the value itself (22003, out of range), which would reach the client as a 500.
 */
const INTEGER_MIN = -(2 ** 31);
const INTEGER_MAX = 2 ** 31 - 1;

export const canNameRow = (id: number): boolean => id >= INTEGER_MIN && id <= INTEGER_MAX;
