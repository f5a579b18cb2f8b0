import { describe, expect, it } from 'vitest';
import { ConfigError, LeakguardError, UsageError, isLeakguardError } from '../../src/util/errors.js';

describe('isLeakguardError', () => {
  it('accepts LeakguardError and its subclasses', () => {
    expect(isLeakguardError(new LeakguardError('x'))).toBe(true);
    expect(isLeakguardError(new ConfigError('x'))).toBe(true);
    expect(isLeakguardError(new UsageError('x'))).toBe(true);
  });

  it('accepts one made by another copy of the module (the hook bundle loads lazy entries)', () => {
    // What a second copy's constructor leaves: the registered symbol, but another class.
    class OtherCopy extends Error {
      readonly exitCode = 2;
    }
    const foreign = new OtherCopy('invalid config');
    expect(foreign instanceof LeakguardError).toBe(false);
    Object.defineProperty(foreign, Symbol.for('leakguard.error'), { value: true });
    expect(isLeakguardError(foreign)).toBe(true);
  });

  it('rejects other errors and non-errors', () => {
    expect(isLeakguardError(new Error('boom'))).toBe(false);
    expect(isLeakguardError(new TypeError('boom'))).toBe(false);
    expect(isLeakguardError('leakguard.error')).toBe(false);
    expect(isLeakguardError(null)).toBe(false);
    expect(isLeakguardError({ [Symbol('leakguard.error')]: true })).toBe(false);
  });
});
