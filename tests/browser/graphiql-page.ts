import type { Page } from 'playwright-core';

/** A long result is read by scrolling it, half a pane at a time, at most this often. */
export const MAX_SCROLL_STEPS = 80;
/** A scroll that redraws nothing within this long has hit the end of the result. */
export const SCROLL_END_MS = 5_000;

const RESPONSE = '.graphiql-response';
/** Monaco draws spaces as no-break spaces and wraps long strings: compare without whitespace. */
export const squash = (text: string) => text.replace(/\s+/g, '');

/** Opens GraphiQL at `url` and waits until its editors are up. */
export async function openGraphiQL(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('button', { name: /Execute query/ }).waitFor();
  await page.locator('.graphiql-query-editor .view-lines').waitFor();
}

/** Presses the run button and waits until the result pane shows a GraphQL response. */
export async function runQuery(page: Page): Promise<void> {
  await page.getByRole('button', { name: /Execute query/ }).click();
  await page.waitForFunction(
    (selector) => /"(data|errors)"/.test(document.querySelector(selector)?.textContent ?? ''),
    RESPONSE,
  );
}

/**
 * The result pane's text as drawn now, squashed. Monaco draws only the visible lines and reuses
 * their elements while scrolling, so lines are put in screen order by their offset.
 */
export async function visibleResult(page: Page): Promise<string> {
  const lines = await page.locator(`${RESPONSE} .view-line`).evaluateAll((elements) =>
    elements
      .map((line) => ({ top: Number.parseFloat((line as HTMLElement).style.top), line }))
      .sort((a, b) => a.top - b.top)
      .map(({ line }) => line.textContent ?? ''),
  );
  return squash(lines.join('\n'));
}

/**
 * Scrolls the result pane from the top until every wanted text has been on screen, and returns
 * the ones never seen. Steps overlap, so a string wrapped over two lines is seen whole; the end
 * is where a scroll no longer changes what is drawn.
 */
export async function findInResult(page: Page, wanted: readonly string[]): Promise<string[]> {
  const pane = page.locator(RESPONSE);
  const box = await pane.boundingBox();
  if (!box) throw new Error('the result pane is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  let missing = wanted.map(squash);
  for (let step = 0; step < MAX_SCROLL_STEPS && missing.length > 0; step++) {
    const drawn = await pane.textContent();
    const shown = await visibleResult(page);
    missing = missing.filter((text) => !shown.includes(text));
    if (missing.length === 0) break;
    await page.mouse.wheel(0, box.height / 2);
    const moved = await page
      .waitForFunction(
        ({ selector, before }) => document.querySelector(selector)?.textContent !== before,
        { selector: RESPONSE, before: drawn },
        { timeout: SCROLL_END_MS },
      )
      .then(() => true)
      .catch(() => false);
    if (!moved) break;
  }
  return wanted.filter((text) => missing.includes(squash(text)));
}

/** Types a JSON object into GraphiQL's headers editor, as an editor would paste it. */
export async function setHeaders(page: Page, headers: Record<string, string>): Promise<void> {
  await page.getByRole('button', { name: 'Headers', exact: true }).click();
  const editor = page.locator('section[aria-label="Headers"] .graphiql-editor:not(.hidden)');
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  // insertText, not type(): Monaco would auto-close every brace and quote typed one by one.
  await page.keyboard.insertText(JSON.stringify(headers));
}
