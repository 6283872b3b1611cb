import { createContext, useContext, type ReactNode } from 'react';

/**
 * Actions on the person behind an item (a question's asker), offered by a feature that the item's own feature does
 * not import: the staff's view provides them (moderation's "Ban"), and the Q&A console renders them beside each
 * question. Without a provider, nothing is rendered.
 */
export type PersonActions = (person: { id: string; name: string | null }) => ReactNode;

const Context = createContext<PersonActions | null>(null);
export const PersonActionsProvider = Context.Provider;

export function PersonActionsFor({ id, name }: { id: string; name: string | null }) {
  const actions = useContext(Context);
  return actions ? <>{actions({ id, name })}</> : null;
}
