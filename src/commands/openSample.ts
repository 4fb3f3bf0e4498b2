/**
 * regularization.openSample — the walkthrough's first step: puts the bundled sample
 * (media/walkthrough/seed_sparse.csv: 200 rows, x0..x9, y = 3.5 x0 - 2.1 x1 + 1.8 x2 + noise) into
 * the first workspace folder (kept if a file of that name is there) and opens it; without a folder
 * it opens the same text as an untitled CSV document.
 */
import * as vscode from 'vscode';

export const SAMPLE_NAME = 'seed_sparse.csv';

export function registerOpenSampleCommand(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('regularization.openSample', async () => {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'walkthrough', SAMPLE_NAME));
    const folder = vscode.workspace.workspaceFolders?.[0];
    let doc: vscode.TextDocument;
    if (folder) {
      const target = vscode.Uri.joinPath(folder.uri, SAMPLE_NAME);
      let exists = true;
      try {
        await vscode.workspace.fs.stat(target);
      } catch {
        exists = false;
      }
      if (!exists) await vscode.workspace.fs.writeFile(target, bytes);
      doc = await vscode.workspace.openTextDocument(target);
    } else {
      doc = await vscode.workspace.openTextDocument({ language: 'csv', content: new TextDecoder().decode(bytes) });
    }
    await vscode.window.showTextDocument(doc, { preview: false });
  });
}
