'use client';
import { editList, type Json, type Path } from './draft-path';
import { useEditor } from './editor-context';

/** Reorder, duplicate and delete buttons for one element of a list in the draft. */
export function ListControls({ path, index, length, noun, rename }: { path: Path; index: number; length: number; noun: string; rename?: (copy: Json) => Json }) {
  const { update, readOnly } = useEditor();
  if (readOnly) return null;
  const op = (o: 'up' | 'down' | 'duplicate' | 'delete') => () => update((d) => editList(d, path, index, o, rename));
  return (
    <span className="list-controls">
      <button type="button" onClick={op('up')} disabled={index === 0} aria-label={`Move ${noun} ${index + 1} up`}>↑</button>
      <button type="button" onClick={op('down')} disabled={index === length - 1} aria-label={`Move ${noun} ${index + 1} down`}>↓</button>
      <button type="button" onClick={op('duplicate')} aria-label={`Duplicate ${noun} ${index + 1}`}>Duplicate</button>
      <button type="button" onClick={op('delete')} aria-label={`Delete ${noun} ${index + 1}`}>Delete</button>
    </span>
  );
}

/** A copy of an element with "-copy" appended to its id, so duplicates do not clash. */
export function renameCopy(copy: Json): Json {
  if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) {
    const id = Reflect.get(copy, 'id');
    return { ...copy, id: typeof id === 'string' ? `${id}-copy` : id };
  }
  return copy;
}
