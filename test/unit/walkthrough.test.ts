/**
 * The getting-started walkthrough (package.json contributes.walkthroughs): every step's media and
 * every image its markdown shows exist under media/ (which .vscodeignore ships), and every
 * command: link and completion event names a contributed command registered by src/extension.ts.
 */
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './solverFixtures';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('getting-started walkthrough', () => {
  const [walk] = pkg.contributes.walkthroughs;
  const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const extensionSource = fs.readdirSync(path.join(ROOT, 'src', 'commands')).map((f) => fs.readFileSync(path.join(ROOT, 'src', 'commands', f), 'utf8')).join('\n');

  it('opens a sample, analyzes, then shows the table, the path and CV', () => {
    assert.equal(walk.title, 'Get started with Regularization Explorer');
    assert.deepEqual(walk.steps.map((s: { id: string }) => s.id), ['openSample', 'analyze', 'table', 'path', 'cv']);
    assert.ok(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').includes('!media/**'), 'media/ is packaged');
    assert.equal(fs.readFileSync(path.join(ROOT, 'media', 'walkthrough', 'seed_sparse.csv'), 'utf8'), fs.readFileSync(path.join(ROOT, 'samples', 'seed_sparse.csv'), 'utf8'));
  });

  for (const step of walk.steps) {
    it(`step "${step.title}": media and commands exist`, () => {
      const md = path.join(ROOT, step.media.markdown);
      assert.ok(fs.existsSync(md), `${step.media.markdown} is missing`);
      for (const [, img] of fs.readFileSync(md, 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
        assert.ok(fs.existsSync(path.join(path.dirname(md), img)), `${img} (shown by ${step.media.markdown}) is missing`);
      }
      const commands = [...String(step.description).matchAll(/command:([\w.]+)/g)].map((m) => m[1]);
      for (const e of step.completionEvents) commands.push(String(e).replace(/^onCommand:/, ''));
      assert.ok(commands.length > 0);
      for (const c of commands) {
        assert.ok(contributed.has(c), `${c} is not a contributed command`);
        assert.ok(extensionSource.includes(`'${c}'`), `${c} is not registered in src/commands`);
      }
    });
  }
});
