'use client';
// Edits one item of any kind in the schema. Changing the kind keeps the shared fields (id, prompt,
// conditions) and drops the ones that belong to the old kind.
import { getAt, setAt, type Path } from './draft-path';
import { useEditor } from './editor-context';
import { CheckboxField, ListField, NumberField, SelectField, TextField } from './fields';
import { OptionsEditor } from './options-editor';

export const itemKinds = [
  { value: 'page', label: 'Page (instructions, debrief)' },
  { value: 'single-choice', label: 'Single choice' },
  { value: 'multiple-choice', label: 'Multiple choice' },
  { value: 'likert', label: 'Likert scale' },
  { value: 'free-text', label: 'Free text' },
  { value: 'image-choice', label: 'Image choice' },
  { value: 'attention-check', label: 'Attention check' },
] as const;

export function newItem(type: string, id: string): Record<string, unknown> {
  const options = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];
  switch (type) {
    case 'page': return { id, type, title: 'Title', body: 'Text' };
    case 'likert': return { id, type, prompt: 'Question', points: 5, anchors: { min: 'Not at all', max: 'Very much' } };
    case 'free-text': return { id, type, prompt: 'Question' };
    case 'image-choice': return { id, type, prompt: 'Which image…?', options: [] };
    case 'attention-check': return { id, type, prompt: 'Please choose "Yes".', correct: 'yes', options };
    default: return { id, type, prompt: 'Question', options };
  }
}

export function ItemEditor({ path }: { path: Path }) {
  const { draft, update, readOnly } = useEditor();
  const type = String(getAt(draft, [...path, 'type']) ?? '');
  const changeType = (next: string) =>
    update((d) => {
      const old = getAt(d, path);
      const id = String((old !== null && typeof old === 'object' && Reflect.get(old, 'id')) || 'item');
      const fresh = { ...newItem(next, id) };
      for (const keep of ['prompt', 'help', 'conditions', 'showIf', 'required', 'background']) {
        const v = old !== null && typeof old === 'object' ? Reflect.get(old, keep) : undefined;
        if (v !== undefined && (keep !== 'prompt' || next !== 'page')) fresh[keep] = v;
      }
      return setAt(d, path, fresh);
    });
  return (
    <div className="item-editor">
      <div className="row">
        <TextField label="Item id" path={[...path, 'id']} />
        <div className="field">
          <label>
            Kind
            <select value={type} disabled={readOnly} onChange={(e) => changeType(e.target.value)}>
              {itemKinds.map((k) => (
                <option key={k.value} value={k.value}>{k.label}</option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {type === 'page' ? (
        <>
          <SelectField label="Role" path={[...path, 'role']} options={[{ value: 'info', label: 'Information' }, { value: 'instructions', label: 'Instructions' }, { value: 'debrief', label: 'Debrief' }]} allowEmpty />
          <TextField label="Title" path={[...path, 'title']} />
          <TextField label="Text" path={[...path, 'body']} multiline />
          <TextField label="Button label" path={[...path, 'continueLabel']} placeholder="Continue" />
        </>
      ) : (
        <>
          <TextField label="Question" path={[...path, 'prompt']} multiline />
          <TextField label="Help text" path={[...path, 'help']} />
          <div className="row">
            <CheckboxField label="Answer required" path={[...path, 'required']} defaultValue />
            <CheckboxField label="Background question" path={[...path, 'background']} />
          </div>
        </>
      )}
      <KindFields type={type} path={path} />
      <details>
        <summary>Display conditions</summary>
        <ListField label="Only in conditions (comma-separated ids)" path={[...path, 'conditions']} />
        <TextField label="Show only if item…" path={[...path, 'showIf', 'item']} />
        <TextField label="…has the answer" path={[...path, 'showIf', 'equals']} />
      </details>
    </div>
  );
}

function KindFields({ type, path }: { type: string; path: Path }) {
  switch (type) {
    case 'single-choice':
      return (<><OptionsEditor path={[...path, 'options']} /><CheckboxField label="Shuffle options" path={[...path, 'shuffleOptions']} /></>);
    case 'multiple-choice':
      return (
        <>
          <OptionsEditor path={[...path, 'options']} />
          <div className="row"><NumberField label="At least" path={[...path, 'minSelected']} /><NumberField label="At most" path={[...path, 'maxSelected']} /></div>
          <CheckboxField label="Shuffle options" path={[...path, 'shuffleOptions']} />
        </>
      );
    case 'attention-check':
      return (<><OptionsEditor path={[...path, 'options']} /><TextField label="Correct answer (option value)" path={[...path, 'correct']} /><CheckboxField label="Shuffle options" path={[...path, 'shuffleOptions']} /></>);
    case 'likert':
      return (
        <div className="row">
          <NumberField label="Points" path={[...path, 'points']} />
          <TextField label="Low anchor" path={[...path, 'anchors', 'min']} />
          <TextField label="High anchor" path={[...path, 'anchors', 'max']} />
        </div>
      );
    case 'free-text':
      return (
        <div className="row">
          <NumberField label="Min length" path={[...path, 'minLength']} />
          <NumberField label="Max length" path={[...path, 'maxLength']} />
          <CheckboxField label="Several lines" path={[...path, 'multiline']} defaultValue />
        </div>
      );
    case 'image-choice':
      return (
        <>
          <ExplainFields path={path} />
          <OptionsEditor path={[...path, 'options']} images />
          <div className="row">
            <CheckboxField label="Several may be chosen" path={[...path, 'multiple']} />
            <NumberField label="At least" path={[...path, 'minSelected']} />
            <NumberField label="At most" path={[...path, 'maxSelected']} />
          </div>
          <CheckboxField label="Shuffle options" path={[...path, 'shuffleOptions']} defaultValue />
        </>
      );
    default:
      return null;
  }
}

/** The face and model that generated options explain, and the context image above the options. */
function ExplainFields({ path }: { path: Path }) {
  const { draft, update, readOnly, imageChoices, models } = useEditor();
  const on = getAt(draft, [...path, 'explain']) !== undefined;
  const toggle = (checked: boolean) =>
    update((d) => {
      if (!checked) return setAt(d, [...path, 'explain'], undefined);
      const withExplain = setAt(d, [...path, 'explain'], { image: imageChoices.find((c) => !c.startsWith('stimuli:')) ?? '', model: models[0] ?? 'expression', target: 'predicted' });
      return getAt(withExplain, [...path, 'context']) === undefined ? setAt(withExplain, [...path, 'context'], { alt: 'The face the model analysed', caption: 'Prediction: {prediction}' }) : withExplain;
    });
  return (
    <fieldset className="options">
      <legend>Explanations generated from a face</legend>
      <label className="field-check">
        <input type="checkbox" checked={on} disabled={readOnly} onChange={(e) => toggle(e.target.checked)} /> Generate explanations from a face photo
      </label>
      {on && (
        <div className="row">
          <SelectField label="Face photo" path={[...path, 'explain', 'image']} options={imageChoices.filter((c) => !c.startsWith('stimuli:')).map((c) => ({ value: c, label: c }))} />
          <SelectField label="Model" path={[...path, 'explain', 'model']} options={models.map((m) => ({ value: m, label: m }))} />
          <TextField label="Target (predicted or a class)" path={[...path, 'explain', 'target']} placeholder="predicted" />
          <TextField label="Context image alt text" path={[...path, 'context', 'alt']} />
        </div>
      )}
      <p className="muted">Write {'{prediction}'} in the question to show the model&apos;s prediction on this face.</p>
    </fieldset>
  );
}
