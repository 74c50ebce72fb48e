'use client';
import { useState } from 'react';
import { getAt, listAt, setAt, type Path } from './draft-path';
import { useEditor } from './editor-context';
import { ImageSelectField, NumberField, PathErrors, SelectField, TextField } from './fields';
import { ListControls } from './list-controls';
import { TEMPLATE_TEXT } from '@/lib/studies/placeholder-text';

export function OptionsEditor({ path, images, legend = 'Options', noMethod }: { path: Path; images?: boolean; legend?: string; noMethod?: boolean }) {
  const { draft, update, readOnly, imageChoices } = useEditor();
  const options = listAt(draft, path);
  const add = () =>
    update((d) => setAt(d, [...path, options.length], images ? { value: `option-${options.length + 1}`, src: imageChoices[0] ?? '', alt: TEMPLATE_TEXT.imageAlt } : { value: `option-${options.length + 1}`, label: `Option ${options.length + 1}` }));
  return (
    <fieldset className="options">
      <legend>{legend}</legend>
      <PathErrors path={path} />
      {options.map((_, i) => (
        <div className="option-row" key={i}>
          <TextField label="Value" path={[...path, i, 'value']} />
          {images ? (
            <>
              <ImageSource path={[...path, i]} />
              <TextField label="Alt text" path={[...path, i, 'alt']} />
              <TextField label="Caption" path={[...path, i, 'caption']} />
              {!noMethod && <TextField label="Method label for analysis (e.g. saliency)" path={[...path, i, 'method']} />}
            </>
          ) : (
            <TextField label="Label" path={[...path, i, 'label']} />
          )}
          <ListControls path={path} index={i} length={options.length} noun="option" />
        </div>
      ))}
      {!readOnly && (
        <button type="button" className="button secondary small" onClick={add}>
          {legend === 'Options' ? 'Add option' : `Add to ${legend.toLowerCase()}`}
        </button>
      )}
    </fieldset>
  );
}

/** An option's image: a fixed file, or an explanation the server generates from the item's face. */
function ImageSource({ path }: { path: Path }) {
  const { draft, update, readOnly, imageChoices, methods } = useEditor();
  const generated = getAt(draft, [...path, 'generate']) !== undefined;
  const setKind = (kind: string) =>
    update((d) => {
      const without = setAt(setAt(d, [...path, 'src'], undefined), [...path, 'generate'], undefined);
      return kind === 'generated' ? setAt(without, [...path, 'generate'], { method: methods[0]?.id ?? 'occlusion', seed: 0 }) : setAt(without, [...path, 'src'], imageChoices[0] ?? '');
    });
  return (
    <>
      <div className="field">
        <label>
          Image
          <select aria-label="Image source" value={generated ? 'generated' : 'fixed'} disabled={readOnly} onChange={(e) => setKind(e.target.value)}>
            <option value="fixed">A fixed image</option>
            <option value="generated">An explanation generated from the item&apos;s face</option>
          </select>
        </label>
      </div>
      {generated ? (
        <>
          <SelectField label="Explanation method" path={[...path, 'generate', 'method']} options={methods.map((m) => ({ value: m.id, label: `${m.id} (${m.kind})` }))} />
          <ParamsField path={[...path, 'generate', 'params']} />
          <NumberField label="Seed" path={[...path, 'generate', 'seed']} />
        </>
      ) : (
        <ImageSelectField label="Image file" path={[...path, 'src']} choices={imageChoices} allowEmpty />
      )}
    </>
  );
}

/** Method parameters as JSON; missing ones take the method's defaults (checked by the server). */
function ParamsField({ path }: { path: Path }) {
  const { draft, set, readOnly } = useEditor();
  const current = getAt(draft, path);
  const [text, setText] = useState(current === undefined ? '' : JSON.stringify(current));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="field">
      <label>
        Parameters (JSON, e.g. {'{"window": 8, "stride": 4}'})
        <input
          type="text"
          value={text}
          disabled={readOnly}
          aria-invalid={error !== null}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => {
            if (text.trim() === '') {
              setError(null);
              set(path, undefined);
              return;
            }
            try {
              const parsed: unknown = JSON.parse(text);
              if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
              setError(null);
              set(path, parsed);
            } catch {
              setError('Write a JSON object, e.g. {"steps": 64}.');
            }
          }}
        />
      </label>
      {error && <span className="field-error" role="alert">{error}</span>}
    </div>
  );
}
