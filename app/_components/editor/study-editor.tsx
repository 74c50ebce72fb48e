'use client';
// The study editor: the draft lives in this component's state; Save sends it to the server, which
// stores it (even if invalid, so work is never lost) and answers with the schema's issues, shown
// next to their fields and listed at the top. Changes are also saved a few seconds after the last
// edit, and leaving with unsaved changes asks first (issue #16 item 2). Placeholder text (a
// template's consent text, "TODO", …) is pointed out as it is typed; publishing asks about it.
import { useEffect, useId, useMemo, useRef, useState, useTransition } from 'react';
import { findPlaceholderText } from '@/lib/studies/placeholder-text';
import { getAt, listAt, setAt, type Json } from './draft-path';
import { EditorContext, type EditorApi, type ImageInfo } from './editor-context';
import { CheckboxField, ListField, PathErrors, TextField } from './fields';
import { ItemEditor, itemKinds, newItem } from './item-editor';
import { ListControls, renameCopy } from './list-controls';
import { useLeaveWarning } from './use-leave-warning';

/** Quiet time after the last edit before the draft saves itself: long enough not to save every keystroke. */
export const AUTOSAVE_AFTER_MS = 8000;
const LEAVE_MESSAGE = 'This study has unsaved changes. Leave without saving them?';

export interface SaveResult {
  issues: { path: string; message: string }[];
  error?: string;
}

interface Props {
  initialDraft: Json;
  initialIssues: { path: string; message: string }[];
  readOnly: boolean;
  imageChoices: string[];
  imageInfo: Record<string, ImageInfo>;
  methods: { id: string; kind: string }[];
  models: string[];
  save: (draftJson: string) => Promise<SaveResult>;
}

export function StudyEditor({ initialDraft, initialIssues, readOnly, imageChoices, imageInfo, methods, models, save }: Props) {
  const [draft, setDraft] = useState<Json>(initialDraft);
  const [issues, setIssues] = useState(initialIssues);
  const [status, setStatus] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, startSaving] = useTransition();
  const [newKind, setNewKind] = useState<string>('single-choice');
  const idPrefix = useId();
  // Edits made while a save is in flight must stay unsaved: a save clears `dirty` only if no edit
  // came after the draft it sent.
  const revision = useRef(0);
  const changed = () => {
    revision.current += 1;
    setDirty(true);
  };
  useLeaveWarning(dirty && !readOnly, LEAVE_MESSAGE);

  const placeholders = useMemo(() => findPlaceholderText(draft), [draft]);
  const warnings = useMemo(() => new Map(placeholders.map((p) => [p.path, p.found])), [placeholders]);

  const issueMap = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const i of issues) m.set(i.path, [...(m.get(i.path) ?? []), i.message]);
    return m;
  }, [issues]);

  const api: EditorApi = {
    draft,
    issues: issueMap,
    warnings,
    readOnly,
    imageChoices,
    imageInfo,
    methods,
    models,
    set: (path, value) => {
      // Fields that write on blur (lists, parameters) would otherwise mark an untouched draft unsaved.
      if (JSON.stringify(getAt(draft, path)) === JSON.stringify(value)) return;
      setDraft((d: Json) => setAt(d, path, value));
      changed();
    },
    update: (fn) => {
      setDraft((d: Json) => fn(d));
      changed();
    },
  };

  const runSave = (how: 'button' | 'auto') =>
    startSaving(async () => {
      const sent = revision.current;
      const r = await save(JSON.stringify(draft));
      if (r.error) {
        setStatus(r.error);
        return;
      }
      setIssues(r.issues);
      if (revision.current === sent) setDirty(false);
      setStatus(savedMessage(how, r.issues.length, placeholders.length));
    });

  // Saves the draft once edits pause; each edit restarts the wait.
  useEffect(() => {
    if (!dirty || readOnly) return;
    const timer = setTimeout(() => runSave('auto'), AUTOSAVE_AFTER_MS);
    return () => clearTimeout(timer);
    // runSave is recreated every render; the draft and dirty flag are what the wait depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draft, dirty, readOnly]);

  const blocks = listAt(draft, ['blocks']);
  return (
    <EditorContext.Provider value={api}>
      <div className="editor">
        {!readOnly && (
          <div className="editor-bar">
            <button type="button" className="button" onClick={() => runSave('button')} disabled={saving}>
              {saving ? 'Saving…' : 'Save draft'}
            </button>
            <span role="status" className="muted" data-testid="save-status">
              {dirty ? `Unsaved changes (saved automatically ${AUTOSAVE_AFTER_MS / 1000} s after your last edit)` : status}
            </span>
          </div>
        )}
        {!readOnly && placeholders.length > 0 && (
          <div className="notice placeholders" data-testid="placeholder-warning">
            <strong>
              Placeholder text in {placeholders.length} field{placeholders.length > 1 ? 's' : ''}; publishing will ask you to confirm it:
            </strong>
            <ul>
              {placeholders.map((p) => (
                <li key={p.path}>
                  {p.field}: {p.found}
                </li>
              ))}
            </ul>
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
                  <div className="field field-kind">
                    <label htmlFor={`${idPrefix}-new-kind-${b}`}>New item kind</label>
                    <select id={`${idPrefix}-new-kind-${b}`} value={newKind} onChange={(e) => setNewKind(e.target.value)}>
                      {itemKinds.map((k) => (
                        <option key={k.value} value={k.value}>{k.label}</option>
                      ))}
                    </select>
                  </div>
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

function savedMessage(how: 'button' | 'auto', problems: number, placeholders: number): string {
  const saved = how === 'auto' ? 'Saved automatically' : 'Saved';
  if (problems) return `${saved}, with ${problems} problem${problems > 1 ? 's' : ''} to fix before publishing.`;
  if (placeholders) return `${saved}. The draft is valid, but ${placeholders} field${placeholders > 1 ? 's' : ''} still hold${placeholders > 1 ? '' : 's'} placeholder text (listed above); publishing will ask you to confirm.`;
  return `${saved}. The draft is valid and can be published.`;
}
