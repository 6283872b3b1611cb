import type { Messages } from '@lingui/core';

/**
 * The pseudo-locale (development only): each English message accented and 40 % longer, in brackets, so that text
 * left out of the catalogues (plain ASCII) and text cut or cramped by long translations both show at a glance.
 * It works on compiled messages: only the words change, never a placeholder or a plural's `#`.
 */
const ACCENTED: Record<string, string> = Object.fromEntries([...'aeiouycnAEIOUYCN'].map((c, i) => [c, [...'áéíóúýçñÁÉÍÓÚÝÇÑ'][i]!]));

function pseudoText(text: string): string {
  if (text === '#' || !text.trim()) return text;
  const accented = [...text].map((c) => ACCENTED[c] ?? c).join('');
  return accented + '·'.repeat(Math.ceil(text.length * 0.4));
}

function pseudoTokens(tokens: unknown): unknown {
  if (typeof tokens === 'string') return pseudoText(tokens);
  if (!Array.isArray(tokens)) return tokens;
  return tokens.map((token) => {
    if (typeof token === 'string') return pseudoText(token);
    if (!Array.isArray(token)) return token;
    // [name, type, choices]: a plural's or select's choices are messages too.
    const [name, type, choices] = token as [string, string?, unknown?];
    if (choices && typeof choices === 'object' && !Array.isArray(choices)) {
      const mapped = Object.fromEntries(Object.entries(choices).map(([k, v]) => [k, Array.isArray(v) ? pseudoTokens(v) : v]));
      return [name, type, mapped];
    }
    return token;
  });
}

export function pseudoMessages(english: Messages): Messages {
  return Object.fromEntries(
    Object.entries(english).map(([id, message]) => {
      const tokens = pseudoTokens(message);
      return [id, Array.isArray(tokens) ? ['[', ...tokens, ']'] : `[${String(tokens)}]`];
    }),
  ) as Messages;
}
