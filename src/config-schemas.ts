import { z } from 'zod';

/**
 * The value shapes of configuration variables, shared by the core variables
 * (src/config.ts) and each platform's (adapters/<name>/platform.ts). Every one
 * takes the raw environment string, or undefined when the variable is unset.
 */

/**
 * A comma-separated list; empty or unset is an empty list.
 *
 * @example
 * list.parse(' a, b ,') // ['a', 'b']
 */
export const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

/**
 * Trimmed text; empty or unset is undefined.
 *
 * @example
 * optionalText.parse('  ') // undefined
 */
export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * An http(s) URL, `fallback` when empty or unset.
 *
 * @example
 * httpUrl('https://slack.com/api/').parse(undefined) // 'https://slack.com/api/'
 */
export const httpUrl = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : v.trim()))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));

/**
 * A decimal whole number from `min` to `max`, `fallback` when empty or unset.
 * `0x10`, `1e3`, `16.0` and `+16` are refused, not read as something else.
 *
 * @example
 * wholeNumber(3000, 1, 65535).parse('8080') // 8080
 */
export const wholeNumber = (fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === '' ? fallback : /^\d{1,15}$/.test(v.trim()) ? Number(v.trim()) : NaN,
    )
    .pipe(
      z
        .number({ error: 'must be a whole number' })
        .int('must be a whole number')
        .min(min, `must be at least ${min}`)
        .max(max, `must be at most ${max}`),
    );

/**
 * An optional server URL whose scheme matches `protocol`; the value itself
 * never appears in an error (it may hold a password).
 *
 * @example
 * serverUrl(/^rediss?:\/\//, 'must be a redis:// URL').parse('') // undefined
 */
export const serverUrl = (protocol: RegExp, message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v?.trim() ?? '';
      if (text === '') return undefined;
      if (protocol.test(text) && URL.canParse(text)) return text;
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    });
