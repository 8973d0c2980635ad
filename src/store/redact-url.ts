/**
 * Text with the password of every URL in it (`scheme://user:password@host`)
 * replaced, so that a connection error never prints a credential.
 *
 * @example
 * withoutPasswords('cannot reach postgres://bot:s3cret@db/qa') // 'cannot reach postgres://bot:[redacted]@db/qa'
 */
export function withoutPasswords(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/\s]*@/gi, '$1:[redacted]@');
}
