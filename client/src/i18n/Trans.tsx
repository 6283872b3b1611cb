import type { ReactElement } from 'react';
import { Trans } from '@lingui/react';
import type { MessageKey, MessageValues } from '../../../shared/locales/catalogue';

/**
 * A message with markup in it: `"Read <0>the guide</0>"` with `components={{0: <a href="…" />}}`. The words and
 * their order stay the translator's; the elements stay the code's.
 */
export function T({ id, values, components }: { id: MessageKey; values?: MessageValues; components?: Record<string, ReactElement> }) {
  return <Trans id={id} values={values as Record<string, unknown> | undefined} components={components} />;
}
