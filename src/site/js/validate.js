// The API's rules for a message, checked before sending so that the visitor hears about every
// field at once, in plain words, without a round trip. The API stays the authority: whatever it
// refuses still shows next to its field. The same rules as the API's MessageInput and
// DisplayRules; both are tested against one table of cases (src/test/resources/display-rules.tsv).
import { characterCount } from './render.js';

export const NAME_LIMIT = 40;
export const TEXT_LIMIT = 500;
export const COMBINING_MARKS_IN_A_ROW = 4;
export const LINE_BREAK_LIMIT = 10;

const DIRECTION_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
// Control characters, and the Unicode line and paragraph separators (line breaks nobody counts).
const CONTROL = /[\p{Cc}\p{Zl}\p{Zp}]/u;
const CONTROL_BUT_LINE_BREAK = /(?!\n)[\p{Cc}\p{Zl}\p{Zp}]/u;
const LONE_SURROGATE = /\p{Cs}/u;
const TOO_MANY_MARKS = new RegExp(`[\\p{Mn}\\p{Me}]{${COMBINING_MARKS_IN_A_ROW + 1},}`, 'u');
// Letters, digits, punctuation and symbols, except the Hangul fillers and the blank Braille pattern.
const VISIBLE = /(?![\u115F\u1160\u3164\uFFA0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

// Returns { name?: sentence, text?: sentence }: empty when both fields are fine.
export function validate(name, text) {
  const problems = {};
  const nameProblem = check(name, NAME_LIMIT, false);
  if (nameProblem) {
    problems.name = nameProblem;
  }
  const textProblem = check(text, TEXT_LIMIT, true);
  if (textProblem) {
    problems.text = textProblem;
  }
  return problems;
}

function check(raw, limit, multiline) {
  const value = raw.replace(/\r\n?/g, '\n').trim();
  const what = multiline ? 'Your message' : 'Your name';
  const length = characterCount(value);
  if (length === 0) {
    return multiline ? 'Please write a message.' : 'Please enter your name.';
  }
  if (length > limit) {
    return `${what} is ${length} characters long; at most ${limit} fit.`;
  }
  if ((multiline ? CONTROL_BUT_LINE_BREAK : CONTROL).test(value) || LONE_SURROGATE.test(value)) {
    return `${what} contains an invisible control character; please remove it.`;
  }
  if (DIRECTION_CONTROL.test(value)) {
    return `${what} contains a character that changes the direction of the text; please remove it.`;
  }
  if (TOO_MANY_MARKS.test(value)) {
    return `${what} stacks more than ${COMBINING_MARKS_IN_A_ROW} accents on one letter.`;
  }
  const lineBreaks = value.split('\n').length - 1;
  if (lineBreaks > LINE_BREAK_LIMIT) {
    return `${what} has ${lineBreaks} line breaks; at most ${LINE_BREAK_LIMIT} fit.`;
  }
  if (!VISIBLE.test(value)) {
    return `${what} has no visible character.`;
  }
  return null;
}
