// Host messages computed by the real pipeline for the sample CSVs, with the settings the panel's
// host would choose (src/panel/settings.ts), so the preview shows true numbers and shapes.
// Bundled and run by make-real.js; not part of the extension.
import * as fs from 'fs';
import * as path from 'path';
import type { HostToWebview } from '../../src/protocol';
import { analyze, inspect, loadTable } from '../../src/pipeline';
import { CONFIG_DEFAULTS } from '../../src/panel/configDefaults';
import { analyzeJob, classificationSettings, defaultSettings } from '../../src/panel/settings';

export function messagesFor(file: string, classification: boolean): HostToWebview[] {
  const text = fs.readFileSync(file, 'utf8');
  const source = { file: path.basename(file), text };
  const summary = inspect(loadTable(source, {}));
  let settings = defaultSettings(summary, CONFIG_DEFAULTS);
  if (classification) settings = classificationSettings(settings, summary) ?? settings;
  const t0 = Date.now();
  const result = analyze(analyzeJob(source, settings, CONFIG_DEFAULTS));
  const fileUri = `file://${path.resolve(file)}`;
  return [
    { type: 'setup/dataset', summary, settings, fileUri },
    { type: 'analysis/result', settings, result, elapsedMs: Date.now() - t0 },
  ];
}
