/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) as a JSON Schema: the spec's fields and
 * types, its "one of content_html/content_text" rule, RFC 3339 dates, and nothing else but
 * extensions (keys starting with "_"), so a misspelt or 1.0-only field fails.
 */
const extensions = { patternProperties: { '^_': {} }, additionalProperties: false } as const;

const author = {
  type: 'object',
  minProperties: 1,
  properties: {
    name: { type: 'string' },
    url: { type: 'string', format: 'uri' },
    avatar: { type: 'string', format: 'uri' },
  },
  ...extensions,
} as const;

const attachment = {
  type: 'object',
  required: ['url', 'mime_type'],
  properties: {
    url: { type: 'string', format: 'uri' },
    mime_type: { type: 'string' },
    title: { type: 'string' },
    size_in_bytes: { type: 'number' },
    duration_in_seconds: { type: 'number' },
  },
  ...extensions,
} as const;

const item = {
  type: 'object',
  required: ['id'],
  anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
  properties: {
    id: { type: 'string' },
    url: { type: 'string', format: 'uri' },
    external_url: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    content_html: { type: 'string' },
    content_text: { type: 'string' },
    summary: { type: 'string' },
    image: { type: 'string', format: 'uri' },
    banner_image: { type: 'string', format: 'uri' },
    date_published: { type: 'string', format: 'date-time' },
    date_modified: { type: 'string', format: 'date-time' },
    authors: { type: 'array', minItems: 1, items: author },
    tags: { type: 'array', items: { type: 'string' } },
    language: { type: 'string' },
    attachments: { type: 'array', minItems: 1, items: attachment },
  },
  ...extensions,
} as const;

export const JSON_FEED_1_1_SCHEMA = {
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string' },
    home_page_url: { type: 'string', format: 'uri' },
    feed_url: { type: 'string', format: 'uri' },
    description: { type: 'string' },
    user_comment: { type: 'string' },
    next_url: { type: 'string', format: 'uri' },
    icon: { type: 'string', format: 'uri' },
    favicon: { type: 'string', format: 'uri' },
    authors: { type: 'array', minItems: 1, items: author },
    language: { type: 'string' },
    expired: { type: 'boolean' },
    hubs: { type: 'array' },
    items: { type: 'array', items: item },
  },
  ...extensions,
} as const;
