import { describe, expect, it } from 'vitest';
import { hostOf, isPublicHost, parseRemotes, withoutCredentials } from '../../src/audit/remotes.js';
import { readsVariable } from '../../src/audit/reads-variable.js';
import { ValueEventParser, eventKey } from '../../src/audit/value-events.js';
import { FakeTokens } from '../../src/util/fake-tokens.js';

describe('remotes', () => {
  it('strips user and password from URLs and finds the host of every URL shape', () => {
    const token = new FakeTokens(3).huggingFace();
    expect(withoutCredentials(`https://user:${token}@huggingface.co/org/model`)).toBe('https://huggingface.co/org/model');
    expect(hostOf('git@github.com:org/repo.git')).toBe('github.com');
    expect(hostOf('ssh://git@gitlab.com:2222/org/repo.git')).toBe('gitlab.com');
    expect(hostOf('/srv/git/repo.git')).toBe('');
    expect(hostOf('../other')).toBe('');
    expect(isPublicHost('gist.github.com')).toBe(true);
    expect(isPublicHost('git.internal.example')).toBe(false);
    expect(isPublicHost('github.com.evil.example')).toBe(false);
  });

  it('keeps one entry per remote from `git remote -v`', () => {
    const remotes = parseRemotes('origin\tgit@github.com:o/r.git (fetch)\norigin\tgit@github.com:o/r.git (push)\nlocal\t/srv/r.git (fetch)\n');
    expect(remotes).toEqual([
      { name: 'origin', url: 'git@github.com:o/r.git', host: 'github.com', publicHost: true },
      { name: 'local', url: '/srv/r.git', host: '', publicHost: false },
    ]);
  });
});

describe('readsVariable', () => {
  it.each([
    'token = get_secret("HF_TOKEN")',
    'os.environ["HF_TOKEN"]',
    "os.getenv('HF_TOKEN')",
    'process.env.HF_TOKEN',
    'login --token "${HF_TOKEN:?set it}"',
    'echo $HF_TOKEN',
    'token: ${{ secrets.HF_TOKEN }}',
  ])('reads the variable: %s', (text) => expect(readsVariable(text, 'HF_TOKEN')).toBe(true));

  it.each(['HF_TOKEN = ""', '# set HF_TOKEN first', 'MY_HF_TOKEN_X = 1'])('only mentions it: %s', (text) =>
    expect(readsVariable(text, 'HF_TOKEN')).toBe(false),
  );
});

describe('ValueEventParser', () => {
  it('counts added and removed lines per commit and path, hunks only', () => {
    const secret = new FakeTokens(5).huggingFace();
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const parser = new ValueEventParser(new Map([['cfg.py', [secret]]]));
    const lines = [
      `\x1e${b}\x1f1700000000\x1fBo`,
      'diff --git a/cfg.py b/cfg.py',
      `--- a/cfg.py`,
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      `-T = "${secret}"`,
      `\x1e${a}\x1f1600000000\x1fAl`,
      'diff --git a/cfg.py b/cfg.py',
      '--- /dev/null',
      '+++ b/cfg.py',
      '@@ -0,0 +1,2 @@',
      `+T = "${secret}"`,
      `++ "${secret}" is a line that starts with a plus`,
      'diff --git a/other.py b/other.py',
      '+++ b/other.py',
      '@@ -0,0 +1 @@',
      `+U = "${secret}"`,
    ];
    for (const line of lines) parser.line(line);
    const changes = parser.events.changes.get(eventKey('cfg.py', secret));
    expect(Object.fromEntries(changes ?? [])).toEqual({ [b]: { added: 0, removed: 1 }, [a]: { added: 2, removed: 0 } });
    expect(parser.events.changes.size).toBe(1);
    expect(parser.events.commits.get(a)).toEqual({ commit: a, date: '2020-09-13T12:26:40.000Z', author: 'Al' });
  });
});
