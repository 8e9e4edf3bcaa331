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
 * For attribute values `feed` writes itself: it escapes `&` there but not `<`, which would make
 * the document unreadable, so `<` becomes the look-alike U+FF1C.
 */
export const xmlAttributeText = (text: string): string => xmlText(text).replace(/</g, '\uFF1C');

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Plain text for fields the formats define as HTML (RSS description, Atom type="html"). */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);

/** For attributes of elements we add to `feed`'s output: xml-js escapes `"` there, not `&` or `<`. */
export const xmlAttribute = (text: string): string =>
  xmlText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * For text `feed` writes as an XML text node (not CDATA): its writer, xml-js, first turns every
 * `&amp;` back into `&` "to avoid double escaping", so a literal `&amp;` in a name would come out
 * as `&`. Doubling it first makes the round trip exact.
 */
export const xmlNodeText = (text: string): string => xmlText(text).replace(/&amp;/g, '&amp;amp;');
