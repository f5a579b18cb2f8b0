import { describe, expect, test } from 'vitest';
import { PatchParser, splitDiffGitPaths, type FilePatch } from '../../src/sources/git/patch.js';
import { readQuoted, unquotePath } from '../../src/sources/git/quote.js';
import { parseRawSection } from '../../src/sources/git/raw-diff.js';
import { BatchReader, type BlobContent } from '../../src/sources/git/cat-file.js';

function parse(text: string, options: { keepRemoved?: boolean; maxAddedBytes?: number } = {}): { files: FilePatch[]; commits: string[] } {
  const files: FilePatch[] = [];
  const commits: string[] = [];
  const parser = new PatchParser({ ...options, onFile: (file) => files.push(file), onCommit: (commit) => commits.push(commit) });
  for (const line of text.split('\n')) parser.line(line);
  parser.end();
  return { files, commits };
}

const ZERO = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('C-quoted paths', () => {
  test('octal escapes are UTF-8 bytes; named escapes and quotes are decoded', () => {
    expect(unquotePath('"h\\303\\251llo.txt"')).toBe('héllo.txt');
    expect(unquotePath('"new\\nline\\ttab \\"q\\" back\\\\slash"')).toBe('new\nline\ttab "q" back\\slash');
    expect(unquotePath('plain name.txt')).toBe('plain name.txt');
  });

  test('an unterminated quote is left alone', () => {
    expect(readQuoted('"abc')).toBeUndefined();
    expect(unquotePath('"abc')).toBe('"abc');
  });
});

describe('diff --git header paths', () => {
  test('unquoted names with spaces split where both halves agree', () => {
    expect(splitDiffGitPaths('a/my file.py b/my file.py')).toEqual(['my file.py', 'my file.py']);
    expect(splitDiffGitPaths('a/x b/y.py b/x b/y.py')).toEqual(['x b/y.py', 'x b/y.py']);
  });

  test('a rename between unquoted names with spaces is ambiguous (later headers name it)', () => {
    expect(splitDiffGitPaths('a/old name b/new name')).toBeUndefined();
  });

  test('quoted on one side or both', () => {
    expect(splitDiffGitPaths('"a/\\303\\251.py" "b/\\303\\251.py"')).toEqual(['é.py', 'é.py']);
    expect(splitDiffGitPaths('a/plain "b/t\\tab"')).toEqual(['plain', 't\tab']);
  });
});

describe('PatchParser', () => {
  test('added lines carry their new-file line numbers; "\\ No newline" is not a line', () => {
    const { files } = parse(
      [
        'diff --git a/cfg.py b/cfg.py',
        `index ${A}..${B} 100644`,
        '--- a/cfg.py',
        '+++ b/cfg.py',
        '@@ -3 +3,2 @@ def f():',
        '-old',
        '+new',
        '+more',
        '@@ -10,0 +12 @@',
        '+tail',
        '\\ No newline at end of file',
      ].join('\n'),
      { keepRemoved: true },
    );
    expect(files).toHaveLength(1);
    const [file] = files;
    expect(file).toMatchObject({ oldPath: 'cfg.py', newPath: 'cfg.py', oldBlob: A, newBlob: B, oldMode: '100644', binary: false });
    expect(file!.added).toEqual([
      { line: 3, text: 'new' },
      { line: 4, text: 'more' },
      { line: 12, text: 'tail' },
    ]);
    expect(file!.removed).toEqual([{ line: 3, text: 'old' }]);
  });

  test('content that looks like a header stays content while the hunk counts say so', () => {
    const { files } = parse(
      ['diff --git a/x.md b/x.md', 'new file mode 100644', `index ${ZERO}..${B}`, '--- /dev/null', '+++ b/x.md', '@@ -0,0 +1,3 @@', '+++ b/evil', '+diff --git a/q b/q', '+@@ -1 +1 @@'].join('\n'),
    );
    expect(files).toHaveLength(1);
    expect(files[0]!.added.map((line) => line.text)).toEqual(['++ b/evil', 'diff --git a/q b/q', '@@ -1 +1 @@']);
    expect(files[0]).toMatchObject({ isNew: true, oldPath: null, newPath: 'x.md', newMode: '100644' });
  });

  test('a malformed hunk header starts no hunk: the lines after it are read as headers', () => {
    for (const header of ['@@ -1, +1 @@', '@@ -x +1 @@', '@@ -1 +1', '@@ -1 +1 @', '@@ -1  +1 @@', '@@@ -1 +1 @@']) {
      const { files } = parse(['diff --git a/a b/a', '--- a/a', '+++ b/a', header, '+++ b/renamed', '+kept?'].join('\n'));
      expect(files[0]!.added, header).toEqual([]);
      expect(files[0]!.newPath, header).toBe('renamed'); // `+++ b/renamed` was a label, not content
    }
  });

  test('hunk header counts: absent is 1, zero is zero, large numbers are exact', () => {
    const { files } = parse(['diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -0,0 +123456789 @@ class X:', '+one', '+++ b/label'].join('\n'));
    expect(files[0]!.added).toEqual([{ line: 123456789, text: 'one' }]);
    expect(files[0]!.newPath).toBe('label');
  });

  test('context lines (inter-hunk context, suppressBlankEmpty) advance both sides', () => {
    const { files } = parse(['diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -1,4 +1,4 @@', '-x', '+y', ' keep', '', '-z', '+w'].join('\n'));
    expect(files[0]!.added).toEqual([
      { line: 1, text: 'y' },
      { line: 4, text: 'w' },
    ]);
  });

  test('CRLF: the carriage return is content, line numbers are unchanged', () => {
    const { files } = parse(['diff --git a/w.ps1 b/w.ps1', '--- a/w.ps1', '+++ b/w.ps1', '@@ -1,0 +2 @@', '+$x = 1\r'].join('\n'));
    expect(files[0]!.added).toEqual([{ line: 2, text: '$x = 1\r' }]);
  });

  test('binary patches, mode changes, deletions and renames', () => {
    const { files } = parse(
      [
        'diff --git a/img.png b/img.png',
        'new file mode 100644',
        `index ${ZERO}..${B}`,
        'Binary files /dev/null and b/img.png differ',
        'diff --git a/run.sh b/run.sh',
        'old mode 100644',
        'new mode 100755',
        'diff --git a/gone.txt b/gone.txt',
        'deleted file mode 100644',
        `index ${A}..${ZERO}`,
        '--- a/gone.txt',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-bye',
        'diff --git a/old name.py b/new name.py',
        'similarity index 90%',
        'rename from old name.py',
        'rename to new name.py',
        `index ${A}..${B} 100644`,
        '--- a/old name.py\t',
        '+++ b/new name.py\t',
        '@@ -2,0 +3 @@',
        '+added',
      ].join('\n'),
    );
    expect(files.map((file) => [file.oldPath, file.newPath])).toEqual([
      [null, 'img.png'],
      ['run.sh', 'run.sh'],
      ['gone.txt', null],
      ['old name.py', 'new name.py'],
    ]);
    expect(files[0]).toMatchObject({ binary: true, added: [] });
    expect(files[1]).toMatchObject({ oldMode: '100644', newMode: '100755', added: [] });
    expect(files[2]).toMatchObject({ isDeleted: true, added: [] });
    expect(files[3]).toMatchObject({ renamedFrom: 'old name.py', added: [{ line: 3, text: 'added' }] });
  });

  test('quoted labels with git\'s trailing tab, copies and unmerged paths', () => {
    const { files } = parse(
      [
        'diff --git "a/sp ace \\303\\251.py" "b/sp ace \\303\\251.py"',
        'new file mode 100644',
        '--- /dev/null',
        '+++ "b/sp ace \\303\\251.py"\t',
        '@@ -0,0 +1 @@',
        '+x',
        'diff --git a/src.py b/copy.py',
        'similarity index 100%',
        'copy from src.py',
        'copy to copy.py',
        '* Unmerged path "conflict\\nname.txt"',
      ].join('\n'),
    );
    expect(files.map((file) => file.newPath)).toEqual(['sp ace é.py', 'copy.py', 'conflict\nname.txt']);
    expect(files[1]).toMatchObject({ copiedFrom: 'src.py', oldPath: 'src.py' });
    expect(files[2]).toMatchObject({ unmerged: true });
  });

  test('log mode: commit marks split files by commit', () => {
    const c1 = '1'.repeat(40);
    const c2 = '2'.repeat(40);
    const { files, commits } = parse(
      [
        `\x1e${c1}`,
        '',
        'diff --git a/a b/a',
        '--- a/a',
        '+++ b/a',
        '@@ -0,0 +1 @@',
        '+one',
        `\x1e${'3'.repeat(40)}`, // a merge: no diff
        `\x1e${c2}`,
        '',
        'diff --git a/a b/a',
        '--- a/a',
        '+++ b/a',
        '@@ -1 +1 @@',
        '-one',
        '+two',
      ].join('\n'),
    );
    expect(commits).toEqual([c1, '3'.repeat(40), c2]);
    expect(files.map((file) => [file.commit, file.added[0]?.text])).toEqual([
      [c1, 'one'],
      [c2, 'two'],
    ]);
  });

  test('added text beyond maxAddedBytes is dropped and flagged', () => {
    const { files } = parse(['diff --git a/big b/big', '--- a/big', '+++ b/big', '@@ -0,0 +1,3 @@', '+aaaa', '+bbbb', '+cccc'].join('\n'), { maxAddedBytes: 8 });
    expect(files[0]).toMatchObject({ truncated: true, added: [] });
  });
});

describe('raw -z records', () => {
  test('statuses, scores and exact paths (newlines included)', () => {
    const raw = Buffer.concat([
      Buffer.from(`:000000 100644 ${ZERO} ${B} A\0new\nline.txt\0`),
      Buffer.from(`:100644 100644 ${A} ${B} R087\0old name.py\0new name.py\0`),
      Buffer.from(`:160000 160000 ${A} ${B} M\0vendor/sub\0`),
      Buffer.from('\0diff --git a/x b/x\n'),
    ]);
    const { changes, patchStart } = parseRawSection(raw);
    expect(changes).toEqual([
      { status: 'A', oldMode: '000000', newMode: '100644', oldBlob: ZERO, newBlob: B, path: 'new\nline.txt' },
      { status: 'R', score: 87, oldMode: '100644', newMode: '100644', oldBlob: A, newBlob: B, fromPath: 'old name.py', path: 'new name.py' },
      { status: 'M', oldMode: '160000', newMode: '160000', oldBlob: A, newBlob: B, path: 'vendor/sub' },
    ]);
    expect(raw.toString('utf8', patchStart)).toBe('diff --git a/x b/x\n');
  });

  test('empty output: nothing staged', () => {
    expect(parseRawSection(Buffer.alloc(0))).toEqual({ changes: [], patchStart: 0 });
  });
});

describe('cat-file --batch reader', () => {
  const output = Buffer.concat([
    Buffer.from(`${A} blob 5\nhello\n`),
    Buffer.from(`${B} blob 12\n0123456789ab\n`),
    Buffer.from(`${ZERO} missing\n`),
    Buffer.from(`${'c'.repeat(40)} blob 0\n\n`),
  ]);

  test.each([1, 2, 7, output.length])('any chunking (%i-byte chunks) gives the same objects', (size) => {
    const objects: [string, BlobContent][] = [];
    const reader = new BatchReader(10, (id, content) => objects.push([id, content]));
    for (let at = 0; at < output.length; at += size) reader.push(output.subarray(at, at + size));
    expect(objects).toEqual([
      [A, { kind: 'blob', data: Buffer.from('hello') }],
      [B, { kind: 'too-large', size: 12 }],
      [ZERO, { kind: 'missing' }],
      ['c'.repeat(40), { kind: 'blob', data: Buffer.alloc(0) }],
    ]);
  });
});

describe('PatchParser on raw bytes (write)', () => {
  const c1 = '1'.repeat(40);
  const log = [
    `\x1e${c1}`,
    '',
    'diff --git a/train.py b/train.py',
    `index ${A}..${B} 100644`,
    '--- a/train.py',
    '+++ b/train.py',
    '@@ -3,2 +3,3 @@',
    '-old = 1',
    '-gone = 2',
    '+naïve = "é"',
    '+x = 1\r',
    '+',
    '@@ -10,0 +12 @@',
    '+++ b/not-a-header',
    '\\ No newline at end of file',
    'diff --git a/new.txt b/new.txt',
    'new file mode 100644',
    `index ${ZERO}..${A}`,
    '--- /dev/null',
    '+++ b/new.txt',
    '@@ -0,0 +1 @@',
    '+日本語',
  ].join('\n');

  function feed(chunks: Buffer[], joinAdded: boolean): FilePatch[] {
    const files: FilePatch[] = [];
    const parser = new PatchParser({ joinAdded, keepRemoved: true, onFile: (file) => files.push(file) });
    for (const chunk of chunks) parser.write(chunk);
    parser.end();
    return files;
  }

  test('any cut between chunks, even inside a UTF-8 character, parses as the whole lines do', () => {
    const bytes = Buffer.from(log, 'utf8');
    const expected = parse(log, { keepRemoved: true }).files;
    expect(expected[0]!.added.map((line) => line.text)).toEqual(['naïve = "é"', 'x = 1\r', '', '++ b/not-a-header']);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(feed([bytes.subarray(0, cut), bytes.subarray(cut)], false)).toEqual(expected);
    }
    const oneByteEach = Array.from({ length: bytes.length }, (_, at) => bytes.subarray(at, at + 1));
    expect(feed(oneByteEach, false)).toEqual(expected);
  });

  test('joinAdded: one decoded text per file with its new-file line numbers', () => {
    const bytes = Buffer.from(log, 'utf8');
    const lines = parse(log).files;
    for (const chunks of [[bytes], [bytes.subarray(0, 97), bytes.subarray(97)]]) {
      const files = feed(chunks, true);
      expect(files.map((file) => file.addedText)).toEqual(lines.map((file) => file.added.map((line) => line.text).join('\n')));
      expect(files.map((file) => file.addedLines)).toEqual(lines.map((file) => file.added.map((line) => line.line)));
      expect(files[0]!.addedLines).toEqual([3, 4, 5, 12]);
      expect(files.every((file) => file.added.length === 0)).toBe(true);
    }
  });

  test('joinAdded: invalid UTF-8 decodes as it does line by line; the size limit counts bytes', () => {
    const bytes = Buffer.concat([Buffer.from('diff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -0,0 +1,2 @@\n+'), Buffer.from([0xe6, 0x97]), Buffer.from('\n+ok\n')]);
    const [joined] = feed([bytes], true);
    expect(joined!.addedText).toBe('\ufffd\nok');
    const limited: FilePatch[] = [];
    const parser = new PatchParser({ joinAdded: true, maxAddedBytes: 5, onFile: (file) => limited.push(file) });
    parser.write(Buffer.from('diff --git a/b b/b\n--- a/b\n+++ b/b\n@@ -0,0 +1,2 @@\n+é\n+éé\n'));
    parser.end();
    expect(limited[0]).toMatchObject({ truncated: true, addedText: '', addedLines: [], addedBytes: 8 });
  });
});
