'use client';
import { listAt, setAt, type Path } from './draft-path';
import { useEditor } from './editor-context';
import { PathErrors, SelectField, TextField } from './fields';
import { ListControls } from './list-controls';

export function OptionsEditor({ path, images }: { path: Path; images?: boolean }) {
  const { draft, update, readOnly, imageChoices } = useEditor();
  const options = listAt(draft, path);
  const add = () =>
    update((d) => setAt(d, [...path, options.length], images ? { value: `option-${options.length + 1}`, src: imageChoices[0] ?? '', alt: 'Describe the image' } : { value: `option-${options.length + 1}`, label: `Option ${options.length + 1}` }));
  return (
    <fieldset className="options">
      <legend>Options</legend>
      <PathErrors path={path} />
      {options.map((_, i) => (
        <div className="option-row" key={i}>
          <TextField label="Value" path={[...path, i, 'value']} />
          {images ? (
            <>
              <SelectField label="Image" path={[...path, i, 'src']} options={imageChoices.map((c) => ({ value: c, label: c }))} allowEmpty />
              <TextField label="Alt text" path={[...path, i, 'alt']} />
              <TextField label="Caption" path={[...path, i, 'caption']} />
            </>
          ) : (
            <TextField label="Label" path={[...path, i, 'label']} />
          )}
          <ListControls path={path} index={i} length={options.length} noun="option" />
        </div>
      ))}
      {!readOnly && (
        <button type="button" className="button secondary small" onClick={add}>
          Add option
        </button>
      )}
    </fieldset>
  );
}
