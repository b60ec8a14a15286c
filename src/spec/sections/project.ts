import { z } from 'zod';
import { resourceName, tags } from '../common';

export const projectSchema = z.strictObject({
  /** Short project name; prefixes every stack and resource name. */
  name: resourceName.describe('Short project name; prefixes every stack and resource name.'),
  description: z.string().optional(),
  /** Team or address accountable for the platform (tagged as Owner). */
  owner: z.string().optional().describe('Team or address accountable for the platform (tagged Owner).'),
  /** AWS account id; a placeholder environment-agnostic account is used when absent. */
  account: z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id').optional(),
  /** Extra tags applied to every stack and taggable resource. */
  tags: tags.optional(),
});
export type ProjectSpec = z.infer<typeof projectSchema>;
