import { v7 } from 'uuid';

// Time-ordered ids keep inserts at the end of the index and sort by creation.
export const newId = (): string => v7();
