import { BadUserInput } from '@ftgo/schema';

/**
 * DOMAIN §5: a word is a maximal run of Unicode letters or digits (Java's isLetterOrDigit:
 * \p{L} and \p{Nd}). Text is NFC-normalised first, and combining marks that follow a letter or
 * digit stay in the word, so "Crème" written with a combining accent and the vowel signs of
 * Devanagari or Thai words do not split a word in two.
 */
const WORD = /[\p{L}\p{Nd}][\p{L}\p{Nd}\p{M}]*/gu;

/** The words of a text, lower-cased, in order of first appearance, without repeats. */
export function wordsOf(text: string): string[] {
  const words = text.normalize('NFC').match(WORD) ?? [];
  return [...new Set(words.map((word) => word.toLowerCase()))];
}

/** DOMAIN §5: the words of the restaurant name and of every line-item name, de-duplicated. */
export function keywordsOf(restaurantName: string, lineItemNames: readonly string[]): string[] {
  return wordsOf([restaurantName, ...lineItemNames].join(' '));
}

/**
 * DOMAIN §5 `filter.keywords`: each keyword split into words; an entry matches when it has every
 * word (all-match, whole words, case-insensitive). A keyword without letters or digits →
 * BAD_USER_INPUT. Null or empty = no keyword filter ([]).
 */
export function parseKeywordFilter(keywords: readonly string[] | null | undefined): string[] {
  const words: string[] = [];
  for (const keyword of keywords ?? []) {
    const found = wordsOf(keyword);
    if (found.length === 0) throw new BadUserInput('keyword must contain a letter or digit');
    words.push(...found);
  }
  return [...new Set(words)];
}
