export type Role = 'admin' | 'agent';

/** The logged-in operator a request acts for. */
export interface Caller {
  id: number;
  username: string;
  role: Role;
}

export const isAdmin = (caller: Caller): boolean => caller.role === 'admin';
