// CloudFront signs requests to a Lambda Function URL (origin access control) but does not
// read the body, so every POST and PUT must carry the body's hex SHA-256 in x-amz-content-sha256.
export async function sha256Hex(text) {
  const bytes = new TextEncoder().encode(text);
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
