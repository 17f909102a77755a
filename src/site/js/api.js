// The guestbook API, on the same origin as the site: /api/* goes to the Lambda function.
import { sha256Hex } from './sha256.js';

// The API answered with an error: status, a code, a sentence for people, maybe the field at fault.
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `The API answered with status ${status}.`);
    this.status = status;
    this.code = body?.error ?? 'unknown_error';
    this.field = body?.field ?? null;
  }

  // 5xx and gateway errors mean "try again later"; 4xx mean "fix the input".
  get isUnavailable() {
    return this.status >= 500;
  }
}

// The API could not be reached at all (offline, DNS, connection refused).
export class ApiUnreachable extends Error {}

async function request(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { ...options, headers: { Accept: 'application/json', ...options.headers } });
  } catch (cause) {
    throw new ApiUnreachable('The guestbook API cannot be reached.', { cause });
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

export function listMessages(cursor) {
  const query = new URLSearchParams({ limit: '10' });
  if (cursor) {
    query.set('cursor', cursor);
  }
  return request(`/api/messages?${query}`);
}

// The same idempotencyKey for a retry of the same message: the API then stores it only once.
export async function postMessage(name, text, idempotencyKey) {
  const body = JSON.stringify({ name, text });
  return request('/api/messages', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Idempotency-Key': idempotencyKey,
      'x-amz-content-sha256': await sha256Hex(body),
    },
    body,
  });
}

export function getInfo() {
  return request('/api/info');
}
