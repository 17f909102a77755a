// Builds the DOM of one message. Everything a visitor wrote goes in through textContent,
// never innerHTML, so markup in a message shows as text and never runs.
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function renderMessage(message) {
  const item = document.createElement('li');
  item.className = 'message';
  item.dataset.id = message.id;

  const header = document.createElement('p');
  header.className = 'message-meta';
  // <bdi> isolates the name's direction: a right-to-left name cannot reorder the date after it.
  const name = document.createElement('bdi');
  name.className = 'message-name';
  name.textContent = message.name;
  const time = document.createElement('time');
  time.dateTime = message.createdAt;
  time.textContent = formatDate(message.createdAt);
  header.append(name, ' · ', time);

  const text = document.createElement('p');
  text.className = 'message-text';
  text.textContent = message.text;

  item.append(header, text);
  return item;
}

// A long message scrolls inside its own box instead of taking the whole screen; a box that
// scrolls can be focused, so the keyboard can scroll it too. Call once the items are on the page.
export function letLongMessagesScroll(items) {
  for (const item of items) {
    const text = item.querySelector('.message-text');
    if (text && text.scrollHeight > text.clientHeight) {
      text.tabIndex = 0;
    }
  }
}

function formatDate(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

// Counts characters the way the API does (code points), so an emoji counts as one.
export function characterCount(text) {
  return [...text.trim()].length;
}
