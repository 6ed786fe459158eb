import { z } from 'zod';
import { roles } from './roles';

export const roleSchema = z.enum(roles);
export const emailSchema = z.email('must be an email address').max(254).transform((e) => e.toLowerCase());
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);

export const newUserInput = z.object({
  email: emailSchema,
  name: z.string().max(200).optional(),
  password: passwordSchema,
  role: roleSchema,
});

export const newApiKeyInput = z.object({
  name: z.string().trim().min(1, 'a name is required').max(100),
  role: roleSchema,
});

export const credentialsInput = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export type NewUserInput = z.infer<typeof newUserInput>;
export type NewApiKeyInput = z.infer<typeof newApiKeyInput>;
