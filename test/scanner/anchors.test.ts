import { describe, expect, it } from 'vitest';
import { deriveAnchors } from '../../src/scanner/anchors.js';

const literalsOf = (source: string, flags = 'g'): { literals: readonly string[]; reach: number; foldsCase: boolean } | undefined => deriveAnchors(source, flags);

describe('deriveAnchors', () => {
  it('takes the literal a regex starts with, behind zero-width assertions', () => {
    expect(literalsOf('\\bhf_[A-Za-z0-9]{34}\\b')).toEqual({ literals: ['hf_'], reach: 0, foldsCase: false });
    expect(literalsOf('(?<![A-Za-z0-9_])fw_[A-Za-z0-9]{24}(?![A-Za-z0-9_])')).toEqual({ literals: ['fw_'], reach: 0, foldsCase: false });
    expect(literalsOf('(?=abc)abcd')?.literals).toEqual(['abcd']);
    expect(literalsOf('^\\$?ab$')).toEqual({ literals: ['ab'], reach: 1, foldsCase: false });
  });

  it('bounds the reach by the longest prefix before the literal', () => {
    expect(literalsOf('[a-z][a-z0-9+.-]{1,20}://x', 'gi')).toEqual({ literals: ['://x'], reach: 21, foldsCase: true });
    expect(literalsOf('[a-z][a-z0-9+.-]{1,20}://', 'gi')).toEqual({ literals: ['://'], reach: 21, foldsCase: false });
    expect(literalsOf('(?:https?://)?\\bhooks\\.slack\\.com/')).toEqual({ literals: ['hooks.slack.com/'], reach: 8, foldsCase: false });
    expect(literalsOf('\\d{3}(?:ab|c)?xy')).toEqual({ literals: ['xy'], reach: 5, foldsCase: false });
  });

  it('gives every branch of an alternation its own anchors', () => {
    expect(literalsOf('(?:machine[ \\t]{1,10}x|default)y')).toEqual({ literals: ['machine', 'default'], reach: 0, foldsCase: false });
    expect(literalsOf('ab|[0-9]{2}cd')).toEqual({ literals: ['ab', 'cd'], reach: 2, foldsCase: false });
  });

  it('expands small classes and lower-cases literals under i', () => {
    expect(literalsOf('(?:WANDB|[Ww]andb)_')?.literals).toEqual(['WANDB', 'Wandb', 'wandb']);
    expect(literalsOf('sk-o[ar]t')?.literals).toEqual(['sk-oat', 'sk-ort']);
    expect(literalsOf('WanDB[Kk]', 'gi')?.literals).toEqual(['wandbk']);
  });

  it('ends a run at a repeated or optional character', () => {
    expect(literalsOf('xa+y')?.literals).toEqual(['xa']);
    expect(literalsOf('abc?d')?.literals).toEqual(['ab']);
  });

  it('keeps only literals a shorter one does not already cover', () => {
    expect(literalsOf('(?:abc|xabcd)', 'g')?.literals).toEqual(['abc', 'xabcd']);
    expect(literalsOf('(?:.{0,2}abc|xabc)')).toEqual({ literals: ['abc'], reach: 2, foldsCase: false });
  });

  it('falls back when some match need not pass a literal', () => {
    expect(literalsOf('abc|[a-z]+')).toBeUndefined();
    expect(literalsOf('(?:abc|)de')?.literals).toEqual(['de']);
    expect(literalsOf('(?:abc|)')).toBeUndefined();
    expect(literalsOf('[0-9]{40}')).toBeUndefined();
    expect(literalsOf('(?=abc)[a-z]{3}')).toBeUndefined();
  });

  it('falls back on unbounded or long prefixes before the first literal', () => {
    expect(literalsOf('.*password')).toBeUndefined();
    expect(literalsOf('[a-z]+://')).toBeUndefined();
    expect(literalsOf('[a-z]{65}://')).toBeUndefined();
    expect(literalsOf('[a-z]{64}://')?.reach).toBe(64);
  });

  it('falls back on syntax it does not model', () => {
    expect(literalsOf('(a)\\1bc')).toBeUndefined();
    expect(literalsOf('(?<n>a)\\k<n>bc')).toBeUndefined();
    expect(literalsOf('\\x41bc')).toBeUndefined();
    expect(literalsOf('\\u0041bc')).toBeUndefined();
    expect(literalsOf('\\cJab')).toBeUndefined();
    expect(literalsOf('\\0ab')).toBeUndefined();
  });

  it('falls back under flags it does not model', () => {
    expect(literalsOf('^abc', 'gm')).toBeUndefined();
    expect(literalsOf('abc', 'gu')).toBeUndefined();
    expect(literalsOf('a.bc', 'gs')).toBeUndefined();
  });

  it('does not take a one-character literal as an anchor', () => {
    expect(literalsOf('[a-z]{2}@[a-z]+')).toBeUndefined();
    expect(literalsOf('a|bc')).toBeUndefined();
  });

  it('reads Annex B braces and brackets as some character, not as a literal', () => {
    expect(literalsOf('{ab')).toEqual({ literals: ['ab'], reach: 1, foldsCase: false });
    expect(literalsOf('ab{,2}cd')?.literals).toEqual(['ab']);
    expect(literalsOf('xy]z')?.literals).toEqual(['xy']);
  });
});
