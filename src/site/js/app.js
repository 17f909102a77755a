// Wires the page to the API: shows the messages and the deployed build, posts new messages,
// and keeps telling the visitor what is going on when the API refuses input or is unreachable:
// on the page, and through one status region for screen readers.
import { ApiError, getInfo, listMessages, postMessage } from './api.js';
import { characterCount, letLongMessagesScroll, renderMessage } from './render.js';
import { TEXT_LIMIT, validate } from './validate.js';

const RETRY_SECONDS = 5;

const $ = (id) => document.getElementById(id);
const form = $('message-form');
const nameInput = $('name');
const textInput = $('text');
const sendButton = $('send');
const list = $('messages');
const listState = $('list-state');
const olderButton = $('older');
const banner = $('api-status');
const fields = { name: nameInput, text: textInput };

let nextCursor = null;
// One key per message typed: sending it again after a lost answer reuses the key, so the API
// stores it once; a changed message or a success starts a new one.
let idempotencyKey = null;
let retryTimer = null;
let loaded = false;
let apiDown = false;

// Screen readers hear this; everyone sees the same news elsewhere on the page.
function announce(sentence) {
  $('status').textContent = sentence;
}

// Busy buttons stay focusable (aria-disabled), so the keyboard never loses its place.
function setBusy(button, busy) {
  if (busy) {
    button.setAttribute('aria-disabled', 'true');
  } else {
    button.removeAttribute('aria-disabled');
  }
}
const isBusy = (button) => button.getAttribute('aria-disabled') === 'true';

async function refresh() {
  try {
    const [info, page] = await Promise.all([getInfo(), listMessages()]);
    showInfo(info);
    list.replaceChildren(...page.messages.map(renderMessage));
    letLongMessagesScroll(list.children);
    showNextPage(page.next);
    loaded = true;
    showListState();
    apiIsBack();
  } catch (error) {
    apiProblem(error);
  }
}

function showListState() {
  listState.textContent = list.children.length > 0 ? '' : 'No messages yet. Be the first!';
}

function showInfo(info) {
  $('version').textContent = info.version;
  $('commit').textContent = info.commit === 'unknown' ? 'unknown' : info.commit.slice(0, 12);
  $('commit').title = info.commit;
}

function showNextPage(cursor) {
  nextCursor = cursor;
  olderButton.hidden = !cursor;
}

// Unreachable or 5xx: say so, keep what the visitor typed, and try again by ourselves.
function apiProblem(error) {
  const unavailable = !(error instanceof ApiError) || error.isUnavailable;
  banner.textContent = unavailable
    ? `The guestbook API is not reachable right now. Trying again in ${RETRY_SECONDS} seconds…`
    : error.message;
  if (!loaded) {
    listState.textContent = 'Could not load messages.';
  }
  if (unavailable && !apiDown) {
    apiDown = true;
    announce('Could not reach the guestbook, retrying.');
  }
  if (unavailable && retryTimer === null) {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      refresh();
    }, RETRY_SECONDS * 1000);
  }
}

function apiIsBack() {
  banner.textContent = '';
  if (apiDown) {
    apiDown = false;
    announce('The guestbook is reachable again.');
  }
}

olderButton.addEventListener('click', async () => {
  if (isBusy(olderButton)) {
    return;
  }
  setBusy(olderButton, true);
  try {
    const page = await listMessages(nextCursor);
    const older = page.messages.map(renderMessage);
    list.append(...older);
    letLongMessagesScroll(older);
    showNextPage(page.next);
    announce(`${page.messages.length} older ${page.messages.length === 1 ? 'message' : 'messages'} loaded.`);
  } catch (error) {
    apiProblem(error);
  } finally {
    setBusy(olderButton, false);
  }
});

function clearErrors() {
  for (const field of ['name', 'text', 'form']) {
    $(`${field}-error`).textContent = '';
  }
  nameInput.removeAttribute('aria-invalid');
  textInput.removeAttribute('aria-invalid');
}

// Each problem next to its field; focus on the first field at fault.
function showFieldErrors(problems) {
  let first = null;
  for (const [field, sentence] of Object.entries(problems)) {
    $(`${field}-error`).textContent = sentence;
    fields[field].setAttribute('aria-invalid', 'true');
    first ??= fields[field];
  }
  first?.focus();
}

function showError(error) {
  if (error instanceof ApiError && fields[error.field]) {
    showFieldErrors({ [error.field]: error.message });
    return;
  }
  $('form-error').textContent = error instanceof ApiError && !error.isUnavailable
    ? error.message
    : 'Your message could not be sent because the API is not reachable. It is still here: try again in a moment.';
  $('form-error').focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (isBusy(sendButton)) {
    return;
  }
  clearErrors();
  const problems = validate(nameInput.value, textInput.value);
  if (Object.keys(problems).length > 0) {
    showFieldErrors(problems);
    return;
  }
  setBusy(sendButton, true);
  idempotencyKey ??= crypto.randomUUID();
  try {
    const message = await postMessage(nameInput.value, textInput.value, idempotencyKey);
    idempotencyKey = null;
    const item = renderMessage(message);
    list.prepend(item);
    letLongMessagesScroll([item]);
    showListState();
    textInput.value = '';
    updateCount();
    apiIsBack();
    announce('Message posted.');
    textInput.focus();
  } catch (error) {
    showError(error);
  } finally {
    setBusy(sendButton, false);
  }
});

textInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});

function updateCount() {
  const count = characterCount(textInput.value);
  $('text-count').textContent = `${count} of ${TEXT_LIMIT} characters`;
  $('text-count').classList.toggle('over', count > TEXT_LIMIT);
}
textInput.addEventListener('input', updateCount);
for (const input of [nameInput, textInput]) {
  input.addEventListener('input', () => { idempotencyKey = null; });
}

refresh();
