import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';

/** The profanity filter (obscenity's English data set, with its look-alike and spacing transformers). */
const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

export function isProfane(text: string): boolean {
  return matcher.hasMatch(text);
}
