import { z } from 'zod';
import { FlowDocument } from './flow';
import { ProjectModel } from './project-model';

/** A project template (resources/templates/*.json): a model, and the flows, to start from. */
export const ProjectTemplate = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  description: z.string(),
  model: ProjectModel,
  /** Working flows; a project made from a template without them starts with one empty flow. */
  flows: z.array(FlowDocument).default([]),
});
export type ProjectTemplate = z.infer<typeof ProjectTemplate>;

export const TEMPLATE_NAMES = ['order-to-cash'] as const;
