'use client';
// Field primitives bound to a path in the draft. Each shows the validation messages for its own
// path right below it, with aria-invalid and aria-describedby for screen readers; text fields also
// say when they still hold placeholder text.
import { useId } from 'react';
import { getAt, pathKey, type Path } from './draft-path';
import { useEditor } from './editor-context';

function FieldErrors({ id, path }: { id: string; path: Path }) {
  const { issues } = useEditor();
  const messages = issues.get(pathKey(path));
  if (!messages?.length) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {messages.join(' ')}
    </span>
  );
}

function useField(path: Path) {
  const api = useEditor();
  const id = useId();
  const invalid = (api.issues.get(pathKey(path))?.length ?? 0) > 0;
  return { api, id, errorId: `${id}-err`, invalid, value: getAt(api.draft, path) };
}

/** Placeholder text in this field (template text, "TODO", …), said beside it; publishing asks about it. */
function FieldWarning({ id, path }: { id: string; path: Path }) {
  const { warnings } = useEditor();
  const found = warnings.get(pathKey(path));
  if (!found) return null;
  return (
    <span className="field-warning" id={id}>
      Placeholder text ({found}): write what participants should read.
    </span>
  );
}

export function TextField({ label, path, multiline, placeholder }: { label: string; path: Path; multiline?: boolean; placeholder?: string }) {
  const { api, id, errorId, invalid, value } = useField(path);
  const warningId = `${id}-warn`;
  const warned = api.warnings.has(pathKey(path));
  const describedBy = [invalid ? errorId : null, warned ? warningId : null].filter(Boolean).join(' ');
  const common = {
    id,
    value: typeof value === 'string' ? value : '',
    placeholder,
    disabled: api.readOnly,
    'aria-invalid': invalid,
    'aria-describedby': describedBy || undefined,
    'data-path': pathKey(path),
    onChange: (e: { target: { value: string } }) => api.set(path, e.target.value === '' ? undefined : e.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      <FieldErrors id={errorId} path={path} />
      <FieldWarning id={warningId} path={path} />
    </div>
  );
}

export function NumberField({ label, path }: { label: string; path: Path }) {
  const { api, id, errorId, invalid, value } = useField(path);
  return (
    <div className="field field-narrow">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        value={typeof value === 'number' ? value : ''}
        disabled={api.readOnly}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        data-path={pathKey(path)}
        onChange={(e) => api.set(path, e.target.value === '' ? undefined : Number(e.target.value))}
      />
      <FieldErrors id={errorId} path={path} />
    </div>
  );
}

export function CheckboxField({ label, path, defaultValue = false }: { label: string; path: Path; defaultValue?: boolean }) {
  const { api, id, errorId, value } = useField(path);
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={typeof value === 'boolean' ? value : defaultValue} disabled={api.readOnly} onChange={(e) => api.set(path, e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      <FieldErrors id={errorId} path={path} />
    </div>
  );
}

export function SelectField({ label, path, options, allowEmpty }: { label: string; path: Path; options: readonly { value: string; label: string }[]; allowEmpty?: boolean }) {
  const { api, id, errorId, invalid, value } = useField(path);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={typeof value === 'string' ? value : ''} disabled={api.readOnly} aria-invalid={invalid} data-path={pathKey(path)} onChange={(e) => api.set(path, e.target.value === '' ? undefined : e.target.value)}>
        {allowEmpty && <option value="">—</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={errorId} path={path} />
    </div>
  );
}

/**
 * A photo chosen by reference, shown by its file name and a thumbnail of the chosen one (an upload's
 * `upload:<sha256>` told the researcher nothing). A reference that is not among the choices, such as
 * another researcher's upload in a shared draft, stays listed so the select shows the truth.
 */
export function ImageSelectField({ label, path, choices, allowEmpty }: { label: string; path: Path; choices: readonly string[]; allowEmpty?: boolean }) {
  const { api, id, errorId, invalid, value } = useField(path);
  const current = typeof value === 'string' ? value : '';
  const refs = current && !choices.includes(current) ? [current, ...choices] : choices;
  const thumbnail = current ? api.imageInfo[current]?.thumbnailUrl : null;
  return (
    <div className="field image-field">
      <label htmlFor={id}>{label}</label>
      <div className="image-select">
        {thumbnail ? (
          // eslint-disable-next-line @next/next/no-img-element -- a researcher-only route serves the thumbnail
          <img src={thumbnail} alt="" width={48} height={48} data-testid="chosen-photo" />
        ) : (
          <span className="image-thumb-empty" aria-hidden="true" />
        )}
        <select id={id} value={current} disabled={api.readOnly} aria-invalid={invalid} aria-describedby={invalid ? errorId : undefined} data-path={pathKey(path)} onChange={(e) => api.set(path, e.target.value === '' ? undefined : e.target.value)}>
          {(allowEmpty || !current) && <option value="">—</option>}
          {refs.map((ref) => (
            <option key={ref} value={ref}>
              {api.imageInfo[ref]?.label ?? ref}
            </option>
          ))}
        </select>
      </div>
      <FieldErrors id={errorId} path={path} />
    </div>
  );
}

/** A list of ids typed as comma-separated text (conditions). */
export function ListField({ label, path }: { label: string; path: Path }) {
  const { api, id, errorId, invalid, value } = useField(path);
  const text = Array.isArray(value) ? value.join(', ') : '';
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        defaultValue={text}
        disabled={api.readOnly}
        aria-invalid={invalid}
        data-path={pathKey(path)}
        onBlur={(e) => {
          const list = e.target.value.split(',').map((s) => s.trim()).filter(Boolean);
          api.set(path, list.length ? list : undefined);
        }}
      />
      <FieldErrors id={errorId} path={path} />
    </div>
  );
}

export function PathErrors({ path }: { path: Path }) {
  const id = useId();
  return <FieldErrors id={id} path={path} />;
}
