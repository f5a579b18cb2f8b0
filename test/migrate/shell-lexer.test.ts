import { describe, expect, it } from 'vitest';
import { shellContextAt } from '../../src/migrate/languages/shell/lexer.js';
import { SCRIPT_REFERENCES, shellEdits } from '../../src/migrate/languages/shell/edits.js';
import { applyEdits } from '../../src/migrate/text.js';

const at = (text: string, needle: string, from = 0): ReturnType<typeof shellContextAt> => shellContextAt(text, text.indexOf(needle), from);

describe('shellContextAt', () => {
  it('tells comments, quotes, words and here-documents apart', () => {
    expect(at('echo hi # VALUE\n', 'VALUE')).toEqual({ kind: 'comment' });
    expect(at('echo a#VALUE\n', 'VALUE')).toMatchObject({ kind: 'unquoted', wordStart: 5, wordEnd: 12 });
    expect(at("echo 'x VALUE y'\n", 'VALUE')).toEqual({ kind: 'single', open: 5, close: 15 });
    expect(at('echo "x \\" VALUE"\n', 'VALUE')).toEqual({ kind: 'double', open: 5, close: 16 });
    expect(at("echo $'VALUE'\n", 'VALUE')).toEqual({ kind: 'ansi' });
    expect(at('cat <<EOF\nVALUE\nEOF\n', 'VALUE')).toEqual({ kind: 'heredoc', quoted: false });
    expect(at("cat <<-'EOF'\n\tVALUE\n\tEOF\necho VALUE2\n", 'VALUE')).toEqual({ kind: 'heredoc', quoted: true });
    expect(at("cat <<-'EOF'\n\tx\n\tEOF\necho VALUE2\n", 'VALUE2')).toMatchObject({ kind: 'unquoted' });
  });

  it('keeps quoted parts in the same word', () => {
    const text = 'export URL="a b"VALUE\n';
    expect(at(text, 'VALUE')).toMatchObject({ kind: 'unquoted', wordStart: 7, wordEnd: text.length - 1 });
  });

  it('lexes from an offset (a Dockerfile instruction)', () => {
    const text = "RUN echo 'x' && login VALUE\n";
    expect(shellContextAt(text, text.indexOf('VALUE'), 4)).toMatchObject({ kind: 'unquoted' });
  });
});

describe('shellEdits', () => {
  const rewrite = (text: string, secret: string, name = 'HF_TOKEN'): string => {
    const sites = [];
    for (let i = text.indexOf(secret); i !== -1; i = text.indexOf(secret, i + 1)) sites.push({ offset: i, secret, name });
    const result = shellEdits(text, sites, SCRIPT_REFERENCES);
    expect(result.problems).toEqual([]);
    return applyEdits(text, result.edits);
  };

  it('quotes a whole-word value and an assignment value', () => {
    expect(rewrite('wandb login SECRET1\n', 'SECRET1', 'WANDB_API_KEY')).toBe('wandb login "${WANDB_API_KEY:?set WANDB_API_KEY in .env}"\n');
    expect(rewrite('export HF_TOKEN=SECRET1\n', 'SECRET1')).toBe('export HF_TOKEN="${HF_TOKEN:?set HF_TOKEN in .env}"\n');
  });

  it('splices into a word whose other characters are special in double quotes', () => {
    expect(rewrite('curl $BASE/x?k=SECRET1\n', 'SECRET1')).toBe('curl $BASE/x?k="${HF_TOKEN:?set HF_TOKEN in .env}"\n');
  });

  it('rebuilds a single-quoted string around two values', () => {
    expect(rewrite("echo 'a SECRET1 b SECRET1'\n", 'SECRET1')).toBe(
      `echo 'a '"\${HF_TOKEN:?set HF_TOKEN in .env}"' b '"\${HF_TOKEN:?set HF_TOKEN in .env}"\n`,
    );
  });

  it('reports what it cannot rewrite', () => {
    const text = "echo $'SECRET1'\n";
    expect(shellEdits(text, [{ offset: 7, secret: 'SECRET1', name: 'X' }], SCRIPT_REFERENCES).problems[0]).toContain('ANSI-C');
  });
});
