// Turns zod issues into messages a researcher can act on: the file, the item (by id, when the path
// goes through one) and the field, e.g.
//   studies/demo.ts: item "age" (blocks[1].items[2]) field "options": Too small: expected array to have >=2 items
import type { z } from 'zod';

type Path = readonly PropertyKey[];

function describePath(raw: unknown, path: Path): { where: string; field: string } {
  let node: unknown = raw;
  let where = 'study';
  let fieldStart = 0;
  const shown: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    shown.push(typeof key === 'number' ? `[${key}]` : `${shown.length ? '.' : ''}${String(key)}`);
    node = node !== null && typeof node === 'object' && key !== undefined ? Reflect.get(node, key) : undefined;
    const isItem = path[i - 1] === 'items' && typeof key === 'number';
    const isBlock = path[i - 1] === 'blocks' && typeof key === 'number';
    if (isItem || isBlock) {
      const id = node !== null && typeof node === 'object' && 'id' in node ? String(node.id) : '?';
      where = `${isItem ? 'item' : 'block'} "${id}" (${shown.join('')})`;
      fieldStart = i + 1;
    }
  }
  const field = path.slice(fieldStart).map((k) => (typeof k === 'number' ? `[${k}]` : String(k))).join('.').replace(/\.\[/g, '[');
  return { where, field: field || '(whole)' };
}

export function formatStudyIssues(file: string, raw: unknown, error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const { where, field } = describePath(raw, issue.path);
    return `${file}: ${where} field "${field}": ${issue.message}`;
  });
}
