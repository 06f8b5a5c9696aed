import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadUserInput } from '@ftgo/schema';
import { keywordsOf, parseKeywordFilter, wordsOf } from '../src/domain/index.js';

const rejects = (run: () => unknown, message: string) =>
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof BadUserInput, `expected BadUserInput, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });

describe('keywords (DOMAIN §5)', () => {
  it('splits on anything but letters and digits: "Chicken Tikka-Masala" → chicken, tikka, masala', () => {
    assert.deepEqual(wordsOf('Chicken Tikka-Masala'), ['chicken', 'tikka', 'masala']);
  });

  it('keeps digits and Unicode letters, lower-cased', () => {
    assert.deepEqual(wordsOf("Crème Brûlée, 7UP & Döner_42 (Ünal's)"), ['crème', 'brûlée', '7up', 'döner', '42', 'ünal', 's']);
    assert.deepEqual(wordsOf('ΜΟΥΣΑΚΑΣ 北京烤鸭'), ['μουσακας', '北京烤鸭']);
  });

  it('keeps combining marks inside a word and composes to NFC', () => {
    assert.deepEqual(wordsOf('Cre\u0300me'), ['crème']);
    assert.deepEqual(wordsOf('नान रोटी'), ['नान', 'रोटी']);
  });

  it('returns no word for text without letters or digits', () => {
    assert.deepEqual(wordsOf(' -- !! '), []);
    assert.deepEqual(wordsOf(''), []);
  });

  it('collects the restaurant name and every line-item name, de-duplicated (DOMAIN §6 demo)', () => {
    assert.deepEqual(keywordsOf('Ajanta', ['Chicken Vindaloo', 'Garlic Naan']), ['ajanta', 'chicken', 'vindaloo', 'garlic', 'naan']);
    assert.deepEqual(keywordsOf('Chicken Shack', ['Chicken Tikka-Masala', 'CHICKEN wings']), ['chicken', 'shack', 'tikka', 'masala', 'wings']);
  });
});

describe('parseKeywordFilter (DOMAIN §5)', () => {
  it('splits each keyword into lower-cased words, all of which must match', () => {
    assert.deepEqual(parseKeywordFilter(['Tikka-Masala', 'NAAN']), ['tikka', 'masala', 'naan']);
  });

  it('de-duplicates words', () => assert.deepEqual(parseKeywordFilter(['naan', 'Naan garlic naan']), ['naan', 'garlic']));

  it('treats null, undefined and [] as no keyword filter', () => {
    assert.deepEqual(parseKeywordFilter(null), []);
    assert.deepEqual(parseKeywordFilter(undefined), []);
    assert.deepEqual(parseKeywordFilter([]), []);
  });

  it('refuses a keyword without letters or digits', () => {
    rejects(() => parseKeywordFilter(['naan', '--']), 'keyword must contain a letter or digit');
    rejects(() => parseKeywordFilter(['']), 'keyword must contain a letter or digit');
    rejects(() => parseKeywordFilter(['   ']), 'keyword must contain a letter or digit');
  });
});
