import { z } from 'zod';
import { email } from '../common';

export const notificationsSchema = z.strictObject({
  emails: z.array(email).min(1).describe('Addresses subscribed to the alarm topic.'),
});
export type NotificationsSpec = z.infer<typeof notificationsSchema>;
