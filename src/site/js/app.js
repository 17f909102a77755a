// Wires the page to the API: shows the messages and the deployed build, posts new messages,
// and keeps telling the visitor what is going on when the API refuses input or is unreachable.
import { ApiError, getInfo, listMessages, postMessage } from './api.js';
import { characterCount, renderMessage } from './render.js';

const RETRY_SECONDS = 5;
const TEXT_LIMIT = 500;

const $ = (id) => document.getElementById(id);
const form = $('message-form');
const nameInput = $('name');
const textInput = $('text');
const sendButton = $('send');
const list = $('messages');
const olderButton = $('older');
const banner = $('api-status');

let nextCursor = null;
let retryTimer = null;

async function refresh() {
  try {
    const [info, page] = await Promise.all([getInfo(), listMessages()]);
    showInfo(info);
    list.replaceChildren(...page.messages.map(renderMessage));
    showNextPage(page.next);
    $('empty').hidden = page.messages.length > 0;
    apiIsBack();
  } catch (error) {
    apiProblem(error);
  }
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
  banner.hidden = false;
  if (unavailable && retryTimer === null) {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      refresh();
    }, RETRY_SECONDS * 1000);
  }
}

function apiIsBack() {
  banner.hidden = true;
  banner.textContent = '';
}

olderButton.addEventListener('click', async () => {
  olderButton.disabled = true;
  try {
    const page = await listMessages(nextCursor);
    list.append(...page.messages.map(renderMessage));
    showNextPage(page.next);
  } catch (error) {
    apiProblem(error);
  } finally {
    olderButton.disabled = false;
  }
});

function clearErrors() {
  for (const field of ['name', 'text', 'form']) {
    $(`${field}-error`).hidden = true;
    $(`${field}-error`).textContent = '';
  }
  nameInput.removeAttribute('aria-invalid');
  textInput.removeAttribute('aria-invalid');
}

function showError(error) {
  const input = { name: nameInput, text: textInput }[error.field];
  if (error instanceof ApiError && input) {
    $(`${error.field}-error`).textContent = error.message;
    $(`${error.field}-error`).hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  const message = error instanceof ApiError && !error.isUnavailable
    ? error.message
    : 'Your message could not be sent because the API is not reachable. It is still here: try again in a moment.';
  $('form-error').textContent = message;
  $('form-error').hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors();
  sendButton.disabled = true;
  try {
    const message = await postMessage(nameInput.value, textInput.value);
    list.prepend(renderMessage(message));
    $('empty').hidden = true;
    textInput.value = '';
    updateCount();
    banner.hidden = true;
    textInput.focus();
  } catch (error) {
    showError(error);
  } finally {
    sendButton.disabled = false;
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
  $('text-count').textContent = `${count} / ${TEXT_LIMIT}`;
  $('text-count').classList.toggle('over', count > TEXT_LIMIT);
}
textInput.addEventListener('input', updateCount);

refresh();
