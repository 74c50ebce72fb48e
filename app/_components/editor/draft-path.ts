// Immutable get/set by path on the draft JSON the editor holds. Paths match zod issue paths
// ("blocks.0.items.2.prompt"), which is how validation messages find their fields.
export type Path = readonly (string | number)[];
export type Json = unknown;

export function pathKey(path: Path): string {
  return path.map(String).join('.');
}

export function getAt(root: Json, path: Path): Json {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Reflect.get(node, key);
  }
  return node;
}

export function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const arr = Array.isArray(root) ? [...root] : [];
    arr[head] = setAt(arr[head], rest, value);
    return arr;
  }
  const obj: Record<string, Json> = root !== null && typeof root === 'object' && !Array.isArray(root) ? { ...root } : {};
  const key = String(head);
  if (value === undefined && rest.length === 0) delete obj[key];
  else obj[key] = setAt(obj[key], rest, value);
  return obj;
}

export function listAt(root: Json, path: Path): Json[] {
  const v = getAt(root, path);
  return Array.isArray(v) ? v : [];
}

/** Move, duplicate or delete an element of the list at `path`. */
export function editList(root: Json, path: Path, index: number, op: 'up' | 'down' | 'duplicate' | 'delete', rename?: (copy: Json) => Json): Json {
  const list = [...listAt(root, path)];
  if (op === 'delete') list.splice(index, 1);
  if (op === 'duplicate') list.splice(index + 1, 0, rename ? rename(structuredClone(list[index])) : structuredClone(list[index]));
  if (op === 'up' && index > 0) [list[index - 1], list[index]] = [list[index], list[index - 1]];
  if (op === 'down' && index < list.length - 1) [list[index + 1], list[index]] = [list[index], list[index + 1]];
  return setAt(root, path, list);
}
