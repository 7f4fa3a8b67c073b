import { z } from 'zod';
import { ProjectModel } from './project-model';

/** A project template (resources/templates/*.json): a model to start from. */
export const ProjectTemplate = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  description: z.string(),
  model: ProjectModel,
});
export type ProjectTemplate = z.infer<typeof ProjectTemplate>;

export const TEMPLATE_NAMES = ['order-to-cash'] as const;
