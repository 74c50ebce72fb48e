// What an analyst can ask of a study's results: which version (or all pooled), which preference item,
// which background items to split it by, and whether excluded participants count. Parsed once from
// the dashboard's search params and the export route's query string.
import { z } from 'zod';

const itemIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i).max(64);

/** `pooled` merges every version (items are matched by id); a number selects one version. */
export const versionSelectionSchema = z.union([z.literal('pooled'), z.coerce.number().int().positive()]);
export type VersionSelection = z.infer<typeof versionSelectionSchema>;

/** `all`: everyone with answers; `kept`: those no exclusion rule flags. */
export const includeSchema = z.enum(['all', 'kept']);
export type IncludeSelection = z.infer<typeof includeSchema>;

/** Search params arrive as string | string[] | undefined; a repeated key is a list; "" means none. */
const listSchema = z.preprocess(
  (v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== '')),
  z.array(itemIdSchema),
);
const optionalItemSchema = z.preprocess((v) => (v === '' ? undefined : v), itemIdSchema.optional());
// Model ids as `explain.model` allows them; only ever compared with the study's own models, never put in SQL.
const optionalModelSchema = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).max(64).optional());

export const dashboardQuerySchema = z.object({
  version: versionSelectionSchema.default('pooled'),
  item: optionalItemSchema,
  // Up to three background items: beyond that the groups get too small to say anything.
  split: listSchema.pipe(z.array(itemIdSchema).max(3)),
  include: includeSchema.default('all'),
  // Pooled preference over all method questions (Figure 18): up to two background items (their
  // combination), and optionally only the questions explaining one model.
  pooledSplit: listSchema.pipe(z.array(itemIdSchema).max(2)),
  pooledModel: optionalModelSchema,
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

export const exportFormatSchema = z.enum(['csv', 'json', 'wide', 'codebook']);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const exportQuerySchema = z.object({
  format: exportFormatSchema.default('csv'),
  version: versionSelectionSchema.default('pooled'),
  include: includeSchema.default('all'),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;
