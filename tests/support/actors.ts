import type { Actor, Role } from '@/lib/auth/roles';

export const actorWith = (role: Role, name = `${role}@test`): Actor => ({ type: 'user', id: null, name, role });
export const admin = actorWith('admin');
export const editor = actorWith('editor');
export const viewer = actorWith('viewer');
