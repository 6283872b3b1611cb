import type { CompiledMessage } from '@lingui/message-utils/compileMessage';

/** The placeholders of a compiled message, plural and select branches included: `{count}`, `{name}`, … */
export function placeholders(message: CompiledMessage, into = new Set<string>()): Set<string> {
  for (const token of message) {
    if (typeof token === 'string') continue;
    const [name, , choices] = token;
    into.add(name);
    if (choices && typeof choices === 'object' && !Array.isArray(choices)) {
      for (const branch of Object.values(choices)) if (Array.isArray(branch)) placeholders(branch as CompiledMessage, into);
    }
  }
  return into;
}
