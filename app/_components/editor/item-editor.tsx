'use client';
// Edits one item of any kind in the schema. Changing the kind keeps the shared fields (id, prompt,
// conditions) and drops the ones that belong to the old kind.
import { getAt, listAt, setAt, type Path } from './draft-path';
import { useEditor } from './editor-context';
import { CheckboxField, ImageSelectField, ListField, NumberField, SelectField, TextField } from './fields';
import { OptionsEditor } from './options-editor';
import { TEMPLATE_TEXT } from '@/lib/studies/placeholder-text';

export const itemKinds = [
  { value: 'page', label: 'Page (instructions, debrief)' },
  { value: 'single-choice', label: 'Single choice' },
  { value: 'multiple-choice', label: 'Multiple choice' },
  { value: 'likert', label: 'Likert scale' },
  { value: 'free-text', label: 'Free text' },
  { value: 'image-choice', label: 'Image choice' },
  { value: 'attention-check', label: 'Attention check' },
  { value: 'intruder', label: 'Intruder trial (pick the odd image out)' },
  { value: 'coherency', label: 'Coherency trial (label a set of images)' },
] as const;

export function newItem(type: string, id: string): Record<string, unknown> {
  const options = [{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }];
  switch (type) {
    case 'page': return { id, type, title: TEMPLATE_TEXT.pageTitle, body: TEMPLATE_TEXT.pageBody };
    case 'likert': return { id, type, prompt: TEMPLATE_TEXT.question, points: 5, anchors: { min: 'Not at all', max: 'Very much' } };
    case 'free-text': return { id, type, prompt: TEMPLATE_TEXT.question };
    case 'image-choice': return { id, type, prompt: TEMPLATE_TEXT.imageQuestion, options: [] };
    case 'attention-check': return { id, type, prompt: 'Please choose "Yes".', correct: 'yes', options };
    case 'intruder': return { id, type, prompt: 'Which image does not belong with the others?', probe: { layer: 'layer', unit: '0' }, correct: '', options: [] };
    case 'coherency': return { id, type, prompt: 'What do these images have in common?', probe: { layer: 'layer', unit: '0' }, images: [], options: [{ value: 'nothing', label: 'Nothing in common' }, { value: 'other', label: 'Something else' }] };
    default: return { id, type, prompt: TEMPLATE_TEXT.question, options };
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
    case 'intruder':
      return (
        <>
          <ProbeFields path={path} />
          <ExplainFields path={path} withContext={false} />
          <OptionsEditor path={[...path, 'options']} images />
          <IntruderField path={path} />
          <CheckboxField label="Shuffle options" path={[...path, 'shuffleOptions']} defaultValue />
        </>
      );
    case 'coherency':
      return (
        <>
          <ProbeFields path={path} />
          <ExplainFields path={path} withContext={false} />
          <OptionsEditor path={[...path, 'images']} images legend="Images" noMethod />
          <OptionsEditor path={[...path, 'options']} legend="Options" />
          <CheckboxField label="Shuffle options" path={[...path, 'shuffleOptions']} />
        </>
      );
    default:
      return null;
  }
}

/** What an intruder or coherency item probes; analyses pool accuracy and agreement by these. */
function ProbeFields({ path }: { path: Path }) {
  return (
    <fieldset className="options">
      <legend>What this trial probes</legend>
      <div className="row">
        <TextField label="Model (optional)" path={[...path, 'probe', 'model']} />
        <TextField label="Layer" path={[...path, 'probe', 'layer']} />
        <TextField label="Unit (e.g. channel number)" path={[...path, 'probe', 'unit']} />
        <TextField label="Concept" path={[...path, 'probe', 'concept']} />
      </div>
    </fieldset>
  );
}

/** The intruder among the options: chosen from the option values so it cannot name a missing one. */
function IntruderField({ path }: { path: Path }) {
  const { draft } = useEditor();
  const values = listAt(draft, [...path, 'options']).map((o) => String((o !== null && typeof o === 'object' && Reflect.get(o, 'value')) || ''));
  return <SelectField label="The intruder (correct answer)" path={[...path, 'correct']} options={values.filter(Boolean).map((v) => ({ value: v, label: v }))} allowEmpty />;
}

/** The face and model that generated options explain, and (image-choice) the context image above them. */
function ExplainFields({ path, withContext = true }: { path: Path; withContext?: boolean }) {
  const { draft, update, readOnly, imageChoices, models } = useEditor();
  const on = getAt(draft, [...path, 'explain']) !== undefined;
  const toggle = (checked: boolean) =>
    update((d) => {
      if (!checked) return setAt(d, [...path, 'explain'], undefined);
      const withExplain = setAt(d, [...path, 'explain'], { image: imageChoices.find((c) => !c.startsWith('stimuli:')) ?? '', model: models[0] ?? 'expression', target: 'predicted' });
      return withContext && getAt(withExplain, [...path, 'context']) === undefined ? setAt(withExplain, [...path, 'context'], { alt: 'The face the model analysed', caption: 'Prediction: {prediction}' }) : withExplain;
    });
  return (
    <fieldset className="options">
      <legend>Explanations generated from a face</legend>
      <label className="field-check">
        <input type="checkbox" checked={on} disabled={readOnly} onChange={(e) => toggle(e.target.checked)} /> Generate explanations from a face photo
      </label>
      {on && (
        <div className="row">
          <ImageSelectField label="Face photo" path={[...path, 'explain', 'image']} choices={imageChoices.filter((c) => !c.startsWith('stimuli:'))} />
          <SelectField label="Model" path={[...path, 'explain', 'model']} options={models.map((m) => ({ value: m, label: m }))} />
          <TextField label="Target (predicted or a class)" path={[...path, 'explain', 'target']} placeholder="predicted" />
          {withContext && <TextField label="Context image alt text" path={[...path, 'context', 'alt']} />}
        </div>
      )}
      {withContext ? (
        <p className="muted">Write {'{prediction}'} in the question to show the model&apos;s prediction on this face.</p>
      ) : (
        <p className="muted">E.g. feature visualisations of one channel: method visualization-tv with parameters {'{"objective": {"type": "channel", "layer": "…", "channel": 12}}'} and a different seed per image.</p>
      )}
    </fieldset>
  );
}
