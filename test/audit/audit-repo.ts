/**
 * A repository with a year of credential history, built at test time with fake tokens: values at
 * HEAD, one migrated to an environment lookup, one removed with its file, one only on a side
 * branch, commits by three authors on fixed dates, and a pushed remote-tracking ref.
 */
import { FakeTokens } from '../../src/util/fake-tokens.js';
import type { Sandbox, TempRepo } from '../git/repo.js';

export interface AuditRepo {
  repo: TempRepo;
  secrets: { hf: string; wandb: string; openai: string; runpod: string; anthropic: string; remoteToken: string };
  commits: { first: string; second: string; side: string; migrate: string; remove: string };
}

export function createAuditRepo(sandbox: Sandbox, seed = 1414): AuditRepo {
  const tokens = new FakeTokens(seed);
  const secrets = {
    hf: tokens.huggingFace(),
    wandb: tokens.wandbLegacy(),
    openai: tokens.openai(),
    runpod: tokens.runpod(),
    anthropic: tokens.anthropic(),
    remoteToken: tokens.github(),
  };
  const repo = sandbox.repo();
  const commitAs = (date: string, author: string, message: string): string => {
    const when = `${date}T12:00:00Z`;
    const env = { ...repo.env, GIT_AUTHOR_NAME: author, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when };
    const run = repo.run('git', ['commit', '-q', '--no-verify', '-m', message], { env });
    if (run.code !== 0) throw new Error(run.stderr);
    return repo.git('rev-parse', 'HEAD');
  };

  repo.write('configs/base.py', `HF_TOKEN = "${secrets.hf}"\n`);
  repo.write('train.sh', `export WANDB_API_KEY=${secrets.wandb}\npython train.py\n`);
  repo.git('add', '-A');
  const first = commitAs('2024-01-10', 'Ada Lovelace', 'first training setup');

  repo.write('serve.py', `import openai\nclient = openai.OpenAI(api_key="${secrets.openai}")\n`);
  repo.write('launch.py', `RUNPOD_KEY = "${secrets.runpod}"\n`);
  repo.git('add', '-A');
  const second = commitAs('2024-03-02', "Ben O'Brien & Co", 'serving and launch');
  repo.git('remote', 'add', 'origin', `https://x-access-token:${secrets.remoteToken}@github.com/example-org/audit.git`);
  repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');

  repo.git('switch', '-q', '-c', 'side');
  repo.write('side.sh', `export ANTHROPIC_API_KEY=${secrets.anthropic}\n`);
  repo.git('add', '-A');
  const side = commitAs('2024-04-05', 'Cy Young', 'try another provider');
  repo.git('switch', '-q', 'main');
  repo.remove('side.sh');

  repo.write('serve.py', `import os\nimport openai\nclient = openai.OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n`);
  repo.git('add', '-A');
  const migrate = commitAs('2024-06-20', "Ben O'Brien & Co", 'serve: read the key from the environment');

  repo.git('rm', '-q', 'launch.py');
  const remove = commitAs('2024-08-01', 'Ada Lovelace', 'drop the launcher');
  return { repo, secrets, commits: { first, second, side, migrate, remove } };
}
