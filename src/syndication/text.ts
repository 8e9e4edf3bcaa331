/**
 * Seed text is arbitrary Unicode, but XML 1.0 forbids most control characters (and lone
 * surrogates): one of them would make a whole feed or sitemap unreadable. They are dropped.
 */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Also writes line ends as \n, as XML parsers read them anyway (not all do: sax keeps \r). */
export const xmlText = (text: string): string => text.replace(NOT_XML, '').replace(/\r\n?/g, '\n');

/**
 * For Atom category terms: feeds have always shown `<` there as the look-alike U+FF1C (`feed`,
 * which wrote them first, could not escape it), so readers keep seeing the same categories.
 */
export const xmlAttributeText = (text: string): string => xmlText(text).replace(/</g, '\uFF1C');
