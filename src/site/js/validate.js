// The API's rules for a message, checked before sending so that the visitor hears about every
// field at once, in plain words, without a round trip. The API stays the authority: whatever it
// refuses still shows next to its field.
import { characterCount } from './render.js';

export const NAME_LIMIT = 40;
export const TEXT_LIMIT = 500;

// Returns { name?: sentence, text?: sentence }: empty when both fields are fine.
export function validate(name, text) {
  const problems = {};
  const nameLength = characterCount(name);
  if (nameLength === 0) {
    problems.name = 'Please enter your name.';
  } else if (nameLength > NAME_LIMIT) {
    problems.name = `Your name is ${nameLength} characters long; at most ${NAME_LIMIT} fit.`;
  }
  const textLength = characterCount(text);
  if (textLength === 0) {
    problems.text = 'Please write a message.';
  } else if (textLength > TEXT_LIMIT) {
    problems.text = `Your message is ${textLength} characters long; at most ${TEXT_LIMIT} fit.`;
  }
  return problems;
}
