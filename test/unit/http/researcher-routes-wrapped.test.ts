// Every researcher API route must be built with researcherRoute (origin check, sign-in check, error
// answer in one place), so none can forget one of them (issue #11).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { researcherRoutes } from '../../support/researcher-surfaces';

describe('researcher API routes', () => {
  const apiRoutes = researcherRoutes.filter((r) => r.file.startsWith('app/api/'));
  it.each(apiRoutes.map((r) => r.file))('%s exports only handlers built by researcherRoute', (file) => {
    const source = fs.readFileSync(file, 'utf8');
    const handlers = [...source.matchAll(/export (?:async function|const) (GET|POST|PUT|PATCH|DELETE)\b(.*)/g)];
    expect(handlers.length).toBeGreaterThan(0);
    for (const [, name, rest] of handlers) expect(rest, `${file} ${name}`).toMatch(/= researcherRoute/);
  });
});
