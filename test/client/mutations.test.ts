import { describe, expect, it } from 'vitest';
import { MUTATIONS, REQUESTS } from '../../shared/protocol/messages';
import { MUTATION_NAMES, isMutation } from '../../shared/protocol/mutations';

/**
 * The client adds an operation id to the events of a plain list (shared/protocol/mutations.ts), so that it need not
 * load the schemas: that list must be exactly the events whose schema has an `opId`, as the server reads them.
 */
describe('the mutations the client knows', () => {
  it('are exactly the requests whose schema carries an operation id', () => {
    expect(new Set(MUTATION_NAMES)).toEqual(MUTATIONS);
    expect(MUTATION_NAMES).toHaveLength(new Set(MUTATION_NAMES).size);
  });

  it('leave out the requests without one', () => {
    for (const event of Object.keys(REQUESTS)) expect(isMutation(event), event).toBe(MUTATIONS.has(event as keyof typeof REQUESTS));
    expect(isMutation('sync')).toBe(false);
    expect(isMutation('qa:ask')).toBe(true);
  });
});
