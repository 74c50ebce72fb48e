'use client';
// The study editor: the draft lives in this component's state; Save sends it to the server, which
// stores it (even if invalid, so work is never lost) and answers with the schema's issues, shown
// next to their fields and listed at the top.
import { useMemo, useState, useTransition } from 'react';
import { listAt, setAt, type Json } from './draft-path';
import { EditorContext, type EditorApi } from './editor-context';
import { CheckboxField, ListField, PathErrors, TextField } from './fields';
import { ItemEditor, itemKinds, newItem } from './item-editor';
import { ListControls, renameCopy } from './list-controls';

export interface SaveResult {
  issues: { path: string; message: string }[];
  error?: string;
}

interface Props {
  initialDraft: Json;
  initialIssues: { path: string; message: string }[];
  readOnly: boolean;
  imageChoices: string[];
  methods: { id: string; kind: string }[];
  models: string[];
  save: (draftJson: string) => Promise<SaveResult>;
}

export function StudyEditor({ initialDraft, initialIssues, readOnly, imageChoices, methods, models, save }: Props) {
  const [draft, setDraft] = useState<Json>(initialDraft);
  const [issues, setIssues] = useState(initialIssues);
  const [status, setStatus] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, startSaving] = useTransition();
  const [newKind, setNewKind] = useState<string>('single-choice');

  const issueMap = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of issues) m.set(i.path, [...(m.get(i.path) ?? []), i.message]);
    return m;
  }, [issues]);

  const api: EditorApi = {
    draft,
    issues: issueMap,
    readOnly,
    imageChoices,
    methods,
    models,
    set: (path, value) => {
      setDraft((d: Json) => setAt(d, path, value));
      setDirty(true);
    },
    update: (fn) => {
      setDraft((d: Json) => fn(d));
      setDirty(true);
    },
  };

  const onSave = () =>
    startSaving(async () => {
      const r = await save(JSON.stringify(draft));
      if (r.error) {
        setStatus(r.error);
        return;
      }
      setIssues(r.issues);
      setDirty(false);
      setStatus(r.issues.length ? `Saved, with ${r.issues.length} problem${r.issues.length > 1 ? 's' : ''} to fix before publishing.` : 'Saved. The draft is valid and can be published.');
    });

  const blocks = listAt(draft, ['blocks']);
  return (
    <EditorContext.Provider value={api}>
      <div className="editor">
        {!readOnly && (
          <div className="editor-bar">
            <button type="button" className="button" onClick={onSave} disabled={saving}>
              {saving ? 'Saving…' : 'Save draft'}
            </button>
            <span role="status" className="muted">{dirty ? 'Unsaved changes' : status}</span>
          </div>
        )}
        {issues.length > 0 && (
          <div className="notice issues" role="alert">
            <strong>{issues.length} problem{issues.length > 1 ? 's' : ''}:</strong>
            <ul>
              {issues.map((i, k) => (
                <li key={k}>
                  <code>{i.path || 'study'}</code>: {i.message}
                </li>
              ))}
            </ul>
          </div>
        )}

        <section>
          <h2>General</h2>
          <TextField label="Title" path={['title']} />
          <TextField label="Description" path={['description']} multiline />
          <PathErrors path={['slug']} />
        </section>

        <section>
          <h2>Consent</h2>
          <TextField label="Heading" path={['consent', 'title']} placeholder="Consent" />
          <TextField label="Text" path={['consent', 'body']} multiline />
          <div className="row">
            <TextField label="Agree button" path={['consent', 'agreeLabel']} placeholder="I agree to take part" />
            <TextField label="Decline button" path={['consent', 'declineLabel']} placeholder="I do not agree" />
          </div>
        </section>

        <section>
          <h2>Conditions (between subjects)</h2>
          {listAt(draft, ['conditions']).map((_, i, all) => (
            <div className="row" key={i}>
              <TextField label="Condition id" path={['conditions', i, 'id']} />
              <TextField label="Label" path={['conditions', i, 'label']} />
              <ListControls path={['conditions']} index={i} length={all.length} noun="condition" />
            </div>
          ))}
          {!readOnly && (
            <button type="button" className="button secondary small" onClick={() => api.update((d) => setAt(d, ['conditions', listAt(d, ['conditions']).length], { id: `c${listAt(d, ['conditions']).length + 1}`, label: 'Condition' }))}>
              Add condition
            </button>
          )}
        </section>

        <section>
          <h2>Blocks and items</h2>
          <PathErrors path={['blocks']} />
          {blocks.map((_, b) => (
            <fieldset className="block" key={b}>
              <legend>
                Block {b + 1} <ListControls path={['blocks']} index={b} length={blocks.length} noun="block" rename={renameCopy} />
              </legend>
              <div className="row">
                <TextField label="Block id" path={['blocks', b, 'id']} />
                <TextField label="Title" path={['blocks', b, 'title']} />
              </div>
              <div className="row">
                <CheckboxField label="Shuffle items in this block" path={['blocks', b, 'shuffle']} />
                <ListField label="Only in conditions" path={['blocks', b, 'conditions']} />
              </div>
              {listAt(draft, ['blocks', b, 'items']).map((__, i, items) => (
                <div className="item" key={i}>
                  <div className="item-head">
                    <strong>Item {i + 1}</strong>
                    <ListControls path={['blocks', b, 'items']} index={i} length={items.length} noun={`item in block ${b + 1},`} rename={renameCopy} />
                  </div>
                  <ItemEditor path={['blocks', b, 'items', i]} />
                </div>
              ))}
              {!readOnly && (
                <div className="row add-item">
                  <label>
                    New item kind{' '}
                    <select value={newKind} onChange={(e) => setNewKind(e.target.value)}>
                      {itemKinds.map((k) => (
                        <option key={k.value} value={k.value}>{k.label}</option>
                      ))}
                    </select>
                  </label>
                  <button type="button" className="button secondary small" onClick={() => api.update((d) => setAt(d, ['blocks', b, 'items', listAt(d, ['blocks', b, 'items']).length], newItem(newKind, `item${Date.now() % 100000}`)))}>
                    Add item
                  </button>
                </div>
              )}
            </fieldset>
          ))}
          {!readOnly && (
            <button type="button" className="button secondary small" onClick={() => api.update((d) => setAt(d, ['blocks', listAt(d, ['blocks']).length], { id: `block${listAt(d, ['blocks']).length + 1}`, items: [newItem('single-choice', `q${Date.now() % 100000}`)] }))}>
              Add block
            </button>
          )}
        </section>

        <section>
          <h2>Completion</h2>
          <TextField label="Message" path={['completion', 'message']} multiline />
          <div className="row">
            <TextField label="Fixed completion code (empty: one per participant)" path={['completion', 'code']} />
            <TextField label="Redirect URL ({CODE}, {PROLIFIC_PID}, …)" path={['completion', 'redirectUrl']} />
          </div>
        </section>
      </div>
    </EditorContext.Provider>
  );
}
