import { createContext } from 'react';

/** Announces a short success message in the polite live region at the bottom of the screen. */
export type Notify = (message: string) => void;

export const NotifyContext = createContext<Notify | null>(null);
