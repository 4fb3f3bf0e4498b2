// The setup form: target, task, model parameters, fitting options, Fit, and the feature checklist.
// Built from DatasetSummary + PanelSettings; every column name and level goes in as text.

import type { ColumnInfo, DatasetSummary, LogisticPenalty, PanelSettings } from '../protocol';
import { h, replaceChildren, srOnly, uniqueId } from './dom';
import type { VscodeCheckbox, VscodeSingleSelect, VscodeTextfield } from './elements';
import { formatCount } from './format';
import {
  changeTarget,
  describeKind,
  draftOf,
  featureChoices,
  isTwoValued,
  PENALTIES,
  positiveClassChoices,
  targetCandidates,
  validateSettings,
  visibleFields,
  type NumericDraft,
  type NumericField,
  type Validation,
} from './settings';

export interface SetupCallbacks {
  /** Valid settings after any edit (debounced by the caller if it wants). */
  onChange(settings: PanelSettings): void;
  onFit(settings: PanelSettings): void;
}

const FIELD_LABELS: Record<NumericField, { label: string; hint: string }> = {
  alpha: { label: 'Lasso / Elastic Net alpha', hint: 'Penalty strength (scikit-learn alpha)' },
  l1Ratio: { label: 'l1_ratio', hint: '0 = ridge penalty, 1 = lasso penalty' },
  ridgeAlpha: { label: 'Ridge alpha', hint: "Ridge's own alpha scale (scikit-learn Ridge)" },
  C: { label: 'C', hint: 'Inverse penalty strength (scikit-learn C)' },
  testSize: { label: 'Test size', hint: 'Fraction of rows held out, 0 to <1' },
  cvFolds: { label: 'CV folds', hint: 'K in K-fold cross-validation' },
  seed: { label: 'Seed', hint: 'Random seed for the split and folds' },
};

export class SetupView {
  private summary: DatasetSummary | null = null;
  private settings: PanelSettings | null = null;
  private draft: NumericDraft | null = null;
  private validation: Validation = { settings: null, errors: {} };
  private filterText = '';
  private fitButton: HTMLElement | null = null;
  private featureCount: HTMLElement | null = null;
  private errorBox: HTMLElement | null = null;
  private fields = new Map<string, VscodeTextfield>();
  private fieldHelp = new Map<string, HTMLElement>();

  constructor(
    private readonly root: HTMLElement,
    private readonly callbacks: SetupCallbacks,
  ) {}

  show(summary: DatasetSummary, settings: PanelSettings): void {
    this.summary = summary;
    this.settings = { ...settings, features: settings.features.slice() };
    this.draft = draftOf(settings);
    this.validation = validateSettings(this.settings, this.draft);
    this.render();
  }

  /** The settings as they stand (null when a field is invalid or nothing is loaded). */
  current(): PanelSettings | null {
    return this.validation.settings;
  }

  /** While a job runs, Fit stays available: the host cancels the running job and starts anew. */
  setRunning(running: boolean): void {
    this.root.classList.toggle('running', running);
  }

  /** Submits the form as if Fit were pressed. */
  submit(): void {
    if (!this.settings || !this.draft) return;
    this.validation = validateSettings(this.settings, this.draft);
    this.showErrors(true);
    if (this.validation.settings) this.callbacks.onFit(this.validation.settings);
  }

  private render(): void {
    const summary = this.summary!;
    const settings = this.settings!;
    const active = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    this.fields.clear();
    this.fieldHelp.clear();

    const form = h('form', {
      class: 'setup-form',
      attrs: { novalidate: true, 'aria-label': 'Analysis setup' },
      on: {
        submit: (ev) => {
          ev.preventDefault();
          this.submit();
        },
      },
    });

    const target = summary.columns.find((c) => c.name === settings.target);
    const fileName = summary.file.split(/[\\/]/).pop() || summary.file;
    form.append(
      h(
        'header',
        { class: 'setup-header' },
        h('h2', { attrs: { title: summary.file } }, fileName),
        h('p', { class: 'muted' }, `${formatCount(summary.rows)} rows · ${summary.columns.length} columns · delimiter ${describeDelimiter(summary.delimiter)}`),
        summary.notes.length ? h('ul', { class: 'notes' }, ...summary.notes.map((n) => h('li', null, n))) : null,
      ),
    );

    // Target.
    const targetSelect = this.select(
      'target',
      'Target',
      targetCandidates(summary, settings.target).map((c) => ({ value: c.name, label: c.name, description: describeKind(c) })),
      settings.target,
      (value) => {
        this.settings = changeTarget(this.settings!, this.summary!, value);
        this.changed(true);
      },
    );
    form.append(targetSelect);

    // Task: only a question when the target has two values.
    if (isTwoValued(target)) {
      form.append(
        this.select(
          'task',
          'Task',
          [
            { value: 'regression', label: 'Regression (OLS, Ridge, Lasso, Elastic Net)' },
            { value: 'classification', label: 'Classification (penalized logistic)' },
          ],
          settings.task,
          (value) => {
            this.settings = { ...this.settings!, task: value as PanelSettings['task'] };
            this.changed(true);
          },
        ),
      );
      const classes = positiveClassChoices(target);
      if (settings.task === 'classification' && classes.length === 2) {
        form.append(
          this.select(
            'positiveClass',
            'Positive class',
            classes.map((c) => ({ value: c, label: c })),
            settings.positiveClass ?? classes[classes.length - 1],
            (value) => {
              this.settings = { ...this.settings!, positiveClass: value };
              this.changed(false);
            },
          ),
        );
      }
    }

    // Models and their parameters.
    const models = h('fieldset', { class: 'group' }, h('legend', null, 'Models'));
    if (settings.task === 'regression') {
      models.append(h('p', { class: 'muted small' }, 'OLS, Ridge, Lasso and Elastic Net are fitted side by side.'));
    } else {
      models.append(
        this.select(
          'penalty',
          'Penalty',
          PENALTIES.map((p) => ({ value: p.value, label: p.label })),
          settings.penalty,
          (value) => {
            this.settings = { ...this.settings!, penalty: value as LogisticPenalty };
            this.changed(true);
          },
        ),
      );
    }
    const standardize = h('vscode-checkbox', {
      attrs: { id: 'standardize', 'data-testid': 'standardize' },
      props: { checked: settings.standardize, label: 'Standardize features (fit on z-scores)' },
      on: {
        change: (ev) => {
          this.settings = { ...this.settings!, standardize: (ev.target as VscodeCheckbox).checked };
          this.changed(false);
        },
      },
    });
    const fitting = h('fieldset', { class: 'group' }, h('legend', null, 'Fitting'), h('div', { class: 'field' }, standardize));
    for (const f of visibleFields(settings.task, settings.penalty)) {
      (f === 'testSize' || f === 'cvFolds' || f === 'seed' ? fitting : models).append(this.textField(f));
    }
    form.append(models, fitting);

    // Fit.
    this.errorBox = h('div', { class: 'form-errors', testid: 'form-errors', attrs: { role: 'alert' } });
    this.fitButton = h('vscode-button', { testid: 'fit', attrs: { type: 'submit', id: 'fit' } }, 'Fit');
    form.append(h('div', { class: 'actions' }, this.fitButton, h('span', { class: 'muted small' }, 'or press Enter')), this.errorBox);

    // Features.
    form.append(this.featureList(summary, settings));

    replaceChildren(this.root, form);
    this.showErrors(false);
    if (active) document.getElementById(active)?.focus();
  }

  private featureList(summary: DatasetSummary, settings: PanelSettings): HTMLElement {
    const choices = featureChoices(summary, settings.target);
    const chosen = new Set(settings.features);
    this.featureCount = h('span', { class: 'count' });
    const list = h('ul', { class: 'feature-list', testid: 'features', attrs: { 'aria-label': 'Features' } });
    // Native checkboxes (styled with the theme's checkbox variables): a file with 1,000 columns
    // would otherwise create 1,000 shadow-DOM components, which takes several hundred ms.
    const boxes: { item: HTMLElement; box: HTMLInputElement; col: ColumnInfo }[] = [];
    const onChange = () => this.featuresChanged(boxes.map((b) => b.box));
    for (const { column, usable } of choices) {
      const kindText = describeKind(column);
      const box = h('input', {
        attrs: { type: 'checkbox', 'data-feature': column.name, disabled: !usable },
        props: { checked: usable && chosen.has(column.name) },
        on: { change: onChange },
      });
      const label = h('label', { class: 'feature-check' }, box, h('span', { class: 'feature-name' }, column.name), srOnly(`, ${kindText}`));
      const meta = h('span', { class: `kind kind-${column.kind}`, attrs: { 'aria-hidden': 'true' } }, kindText);
      const extra: (HTMLElement | null)[] = [];
      if (column.missing > 0) extra.push(h('span', { class: 'muted small' }, `${formatCount(column.missing)} missing`));
      if (!usable && column.reason) {
        const id = uniqueId('reason');
        box.setAttribute('aria-describedby', id);
        extra.push(h('span', { class: 'reason small', attrs: { id } }, column.reason));
      }
      const item = h('li', { class: usable ? 'feature' : 'feature excluded' }, label, meta, ...extra);
      boxes.push({ item, box, col: column });
    }
    list.append(...boxes.map((b) => b.item));

    const setAll = (on: boolean) => {
      for (const b of boxes) if (!b.box.disabled && !b.item.hidden) b.box.checked = on;
      onChange();
    };
    const tools = h(
      'div',
      { class: 'feature-tools' },
      h('vscode-button', { attrs: { secondary: true }, testid: 'features-all', on: { click: () => setAll(true) } }, 'All'),
      h('vscode-button', { attrs: { secondary: true }, testid: 'features-none', on: { click: () => setAll(false) } }, 'None'),
    );
    if (choices.length > 12) {
      const filter = h('vscode-textfield', {
        attrs: { id: 'feature-filter', placeholder: 'Filter columns', 'aria-label': 'Filter feature columns' },
        props: { value: this.filterText },
        on: {
          input: (ev) => {
            this.filterText = (ev.target as VscodeTextfield).value;
            const q = this.filterText.trim().toLowerCase();
            for (const b of boxes) b.item.hidden = q !== '' && !b.col.name.toLowerCase().includes(q);
          },
          keydown: (ev) => {
            // Enter in the filter should not fit.
            if ((ev as KeyboardEvent).key === 'Enter') ev.stopPropagation();
          },
        },
      });
      tools.append(filter);
      const q = this.filterText.trim().toLowerCase();
      if (q) for (const b of boxes) b.item.hidden = !b.col.name.toLowerCase().includes(q);
    }
    const fieldset = h('fieldset', { class: 'group features' }, h('legend', null, 'Features ', this.featureCount), tools, list);
    this.updateFeatureCount();
    return fieldset;
  }

  private featuresChanged(boxes: HTMLInputElement[]): void {
    const features: string[] = [];
    for (const b of boxes) if (b.checked && !b.disabled) features.push(b.dataset.feature!);
    this.settings = { ...this.settings!, features };
    this.changed(false);
    this.updateFeatureCount();
  }

  private updateFeatureCount(): void {
    if (!this.featureCount || !this.summary || !this.settings) return;
    const usable = featureChoices(this.summary, this.settings.target).filter((c) => c.usable).length;
    this.featureCount.textContent = `(${this.settings.features.length} of ${usable})`;
  }

  private changed(rerender: boolean): void {
    this.validation = validateSettings(this.settings!, this.draft!);
    if (rerender) this.render();
    else this.showErrors(false);
    if (this.validation.settings) this.callbacks.onChange(this.validation.settings);
  }

  private textField(field: NumericField): HTMLElement {
    const { label, hint } = FIELD_LABELS[field];
    const id = `field-${field}`;
    const help = h('div', { class: 'help small', attrs: { id: `${id}-help` } }, hint);
    const input = h('vscode-textfield', {
      testid: field,
      attrs: { id, name: field, 'aria-describedby': `${id}-help`, inputmode: field === 'cvFolds' || field === 'seed' ? 'numeric' : 'decimal' },
      props: { value: this.draft![field] },
      on: {
        input: (ev) => {
          this.draft = { ...this.draft!, [field]: (ev.target as VscodeTextfield).value };
          this.changed(false);
        },
      },
    }) as VscodeTextfield;
    this.fields.set(field, input);
    this.fieldHelp.set(field, help);
    return h('div', { class: 'field' }, h('vscode-label', { attrs: { for: id } }, label), input, help);
  }

  private select(
    id: string,
    label: string,
    options: { value: string; label: string; description?: string }[],
    value: string,
    onChange: (value: string) => void,
  ): HTMLElement {
    const select = h('vscode-single-select', {
      testid: id,
      attrs: { id, 'aria-label': label },
      on: { change: (ev) => onChange((ev.target as VscodeSingleSelect).value) },
    }) as VscodeSingleSelect;
    // The options property (rendered as text by the component) instead of one <vscode-option>
    // element per column: a 1,000-column target list stays cheap. Long lists filter as you type.
    select.options = options.map((o) => ({
      value: o.value,
      label: o.description ? `${o.label} (${o.description})` : o.label,
      description: '',
      selected: o.value === value,
      disabled: false,
    }));
    if (options.length > 30) select.combobox = true;
    select.value = value;
    // The options setter does not schedule a render by itself.
    select.requestUpdate();
    return h('div', { class: 'field' }, h('vscode-label', { attrs: { for: id } }, label), select);
  }

  /** Marks invalid fields; lists the errors (only after a submit, or for fields already invalid). */
  private showErrors(afterSubmit: boolean): void {
    const errors = this.validation.errors;
    for (const [field, input] of this.fields) {
      const msg = errors[field as NumericField];
      input.invalid = Boolean(msg);
      input.setAttribute('aria-invalid', msg ? 'true' : 'false');
      const help = this.fieldHelp.get(field)!;
      help.textContent = msg ?? FIELD_LABELS[field as NumericField].hint;
      help.classList.toggle('error-text', Boolean(msg));
    }
    if (!this.errorBox) return;
    const list = Object.values(errors);
    if (list.length === 0) {
      replaceChildren(this.errorBox);
      return;
    }
    if (afterSubmit || errors.features || errors.target) {
      replaceChildren(this.errorBox, srOnly('Cannot fit: '), ...list.map((m) => h('div', null, m)));
    }
    if (afterSubmit) {
      const first = [...this.fields.entries()].find(([f]) => errors[f as NumericField]);
      first?.[1].focus();
    }
  }
}

function describeDelimiter(d: string): string {
  if (d === '\t') return 'tab';
  if (d === ',') return 'comma';
  if (d === ';') return 'semicolon';
  if (d === '|') return 'pipe';
  return JSON.stringify(d);
}
