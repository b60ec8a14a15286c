import { z } from 'zod';
import { region } from '../common';

export const regionsSchema = z.strictObject({
  primary: region.describe('Region where the environment runs.'),
  dr: region.optional().describe('Disaster-recovery region; what is deployed there is decided by the dr section.'),
});
export type RegionsSpec = z.infer<typeof regionsSchema>;
