import { z } from 'zod';
import { emailAddress } from './email';
import { roles } from './roles';

export const roleSchema = z.enum(roles);
// `service` is for applications' API keys: a person who runs prompts does it as an editor.
export const personRoleSchema = roleSchema.exclude(['service'], 'service is a role for API keys; a person is viewer, editor or admin');
export type PersonRole = z.infer<typeof personRoleSchema>;
export const emailSchema = emailAddress();
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);

export const newUserInput = z.object({
  email: emailSchema,
  name: z.string().max(200).optional(),
  password: passwordSchema,
  role: personRoleSchema,
});

export const newApiKeyInput = z.object({
  name: z.string().trim().min(1, 'a name is required').max(100),
  role: roleSchema,
});

export const credentialsInput = z.object({ email: emailSchema, password: z.string().min(1).max(200) });

export type NewUserInput = z.infer<typeof newUserInput>;
export type NewApiKeyInput = z.infer<typeof newApiKeyInput>;
