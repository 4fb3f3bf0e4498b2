// Desktop smoke tests through the public API: activation, languages, the commands running real
// jobs in the worker (observed through the hidden regularization.debug.measure hook), errors.
const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'regularization-explorer.regularization-explorer';

function file(name) {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, name);
}

async function waitForJob(predicate, timeoutMs = 120000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const metrics = await vscode.commands.executeCommand('regularization.debug.measure');
    const job = metrics.jobs.find(predicate);
    if (job) return job;
    if (Date.now() > deadline) throw new Error('timed out waiting for a job');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Regularization Explorer (desktop)', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    await vscode.commands.executeCommand('regularization.debug.measure', true);
  });

  it('contributes the csv and tsv languages', async () => {
    const languages = await vscode.languages.getLanguages();
    assert.ok(languages.includes('csv') && languages.includes('tsv'));
    const doc = await vscode.workspace.openTextDocument(file('seed_sparse.csv'));
    assert.strictEqual(doc.languageId, 'csv');
  });

  it('registers the five commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of ['analyze', 'compare', 'path', 'cv', 'logistic']) assert.ok(all.includes(`regularization.${c}`), c);
  });

  it('Analyze runs inspect then analyze in the worker', async () => {
    await vscode.commands.executeCommand('regularization.analyze', file('seed_sparse.csv'));
    const job = await waitForJob((j) => j.kind === 'analyze' && j.file.endsWith('seed_sparse.csv'));
    assert.strictEqual(job.outcome, 'result');
    assert.strictEqual(job.rows, 200);
  });

  it('the logistic command fits the classification sample', async () => {
    await vscode.commands.executeCommand('regularization.logistic', file('classification.csv'));
    const job = await waitForJob((j) => j.kind === 'analyze' && j.file.endsWith('classification.csv'));
    assert.strictEqual(job.outcome, 'result');
  });

  it('a malformed file ends in an error, and the extension stays usable', async () => {
    await vscode.commands.executeCommand('regularization.analyze', file('malformed.csv'));
    const job = await waitForJob((j) => j.kind === 'inspect' && j.file.endsWith('malformed.csv'));
    assert.strictEqual(job.outcome, 'error');
    await vscode.commands.executeCommand('regularization.cv', file('correlated.csv'));
    const next = await waitForJob((j) => j.kind === 'analyze' && j.file.endsWith('correlated.csv'));
    assert.strictEqual(next.outcome, 'result');
  });
});
