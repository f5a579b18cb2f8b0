/**
 * ASCII byte values, for the parsers that work on raw bytes (git's patch output, notebook JSON,
 * the history search): a UTF-8 multi-byte sequence never contains one, so they can be found in
 * bytes without decoding.
 */
export const NEWLINE = 0x0a;
export const COMMIT_MARK = 0x1e;
export const SPACE = 0x20;
export const QUOTE = 0x22;
export const PLUS = 0x2b;
export const COMMA = 0x2c;
export const MINUS = 0x2d;
export const ZERO = 0x30;
export const NINE = 0x39;
export const COLON = 0x3a;
export const AT = 0x40;
export const OPEN_BRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const CLOSE_BRACKET = 0x5d;
