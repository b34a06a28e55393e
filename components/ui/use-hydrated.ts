'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * False in the server's HTML and while React hydrates it, true from the render right after. An input
 * drawn before hydration takes typing that React then discards (its state is still empty), so a text
 * box the user may type into at once is drawn disabled, with its reason, until this is true.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
