'use client';
// Field primitives bound to a path in the draft. Each shows the validation messages for its own
// path right below it, with aria-invalid and aria-describedby for screen readers.
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

export function TextField({ label, path, multiline, placeholder }: { label: string; path: Path; multiline?: boolean; placeholder?: string }) {
  const { api, id, errorId, invalid, value } = useField(path);
  const common = {
    id,
    value: typeof value === 'string' ? value : '',
    placeholder,
    disabled: api.readOnly,
    'aria-invalid': invalid,
    'aria-describedby': invalid ? errorId : undefined,
    'data-path': pathKey(path),
    onChange: (e: { target: { value: string } }) => api.set(path, e.target.value === '' ? undefined : e.target.value),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
      <FieldErrors id={errorId} path={path} />
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
