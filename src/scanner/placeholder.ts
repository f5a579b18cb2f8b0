/**
 * Values that only look like credentials: documentation placeholders, template references,
 * masked or scrubbed values, runs of one character. Checked on the secret body (prefix removed),
 * so `hf_xxxx…` and `hf_your_token_here` are rejected by the same words as `your_token_here`.
 */
const PLACEHOLDER_PATTERN =
  /x{4,}|\*{3,}|\.{3}|\u2026|your|example|sample|placeholder|changeme|change_me|dummy|fake|redacted|removed|insert|replace|_here|here_|<|>|\$\{|\{\{|%\(|\$\(|^\$|^%|todo|test|mock/i;

const REPEATED_CHARACTER = /(.)\1{5,}/;

// Long bodies (private keys, JWT-style tokens) are machine-made: by chance they hold words like
// "test" and runs like `AAAAAAAB` (every OpenSSH key has one). People type short placeholders, so
// past this length only the unmistakable template and masking markers count, and words of seven or
// more letters that no random body spells by chance (documentation keys say EXAMPLE).
const LONG_BODY = 120;
const LONG_PLACEHOLDER_PATTERN = /x{8,}|\*{3,}|\.{3}|\u2026|<|>|\$\{|\{\{|%\(|\$\(|^\$|^%|example|placeholder|redacted|changeme/i;

export function isPlaceholder(body: string): boolean {
  if (body.length > LONG_BODY) return LONG_PLACEHOLDER_PATTERN.test(body);
  return PLACEHOLDER_PATTERN.test(body) || REPEATED_CHARACTER.test(body) || hasSequentialRun(body, 6);
}

/** `abcdef`, `123456`, `fedcba`: keyboard-mash and tutorial values, never generated keys. */
export function hasSequentialRun(text: string, length: number): boolean {
  let ascending = 1;
  let descending = 1;
  for (let i = 1; i < text.length; i++) {
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    ascending = step === 1 && isAlphanumeric(text.charCodeAt(i)) ? ascending + 1 : 1;
    descending = step === -1 && isAlphanumeric(text.charCodeAt(i)) ? descending + 1 : 1;
    if (ascending >= length || descending >= length) return true;
  }
  return false;
}

function isAlphanumeric(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}
