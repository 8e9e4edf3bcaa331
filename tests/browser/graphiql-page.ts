import type { Page } from 'playwright-core';

/** A long result is read by scrolling it, half a pane at a time, at most this often. */
export const MAX_SCROLL_STEPS = 200;
/** A wheel notch that moves nothing within this long has hit the end of the result. */
export const SCROLL_END_MS = 3_000;
/** Monaco moves a fixed distance per wheel event, whatever its delta. */
const WHEEL_DELTA = 100;

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

/** How far the result pane is scrolled down, in pixels (Monaco moves its lines, not the page). */
function scrollTopOf(page: Page): Promise<number> {
  return page
    .locator(`${RESPONSE} .lines-content`)
    .evaluate((lines) => -Number.parseFloat((lines as HTMLElement).style.top || '0'));
}

/** One wheel notch; resolves false when the pane did not move (its end). */
async function wheelOnce(page: Page, before: number): Promise<boolean> {
  await page.mouse.wheel(0, WHEEL_DELTA);
  return page
    .waitForFunction(
      ({ selector, top }) => {
        const lines = document.querySelector<HTMLElement>(selector);
        return lines !== null && -Number.parseFloat(lines.style.top || '0') !== top;
      },
      { selector: `${RESPONSE} .lines-content`, top: before },
      { timeout: SCROLL_END_MS },
    )
    .then(() => true)
    .catch(() => false);
}

/**
 * Scrolls the whole result pane, top to bottom, as a reader would, and returns which of the
 * wanted texts were on screen at some point. Each step moves half a pane, so a string wrapped
 * over two lines is seen whole on some screen.
 */
export async function scanResult(page: Page, wanted: readonly string[]): Promise<Set<string>> {
  const box = await page.locator(RESPONSE).boundingBox();
  if (!box) throw new Error('the result pane is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const seen = new Set<string>();
  let moved = true;
  // Alt is Monaco's fast scroll: fewer notches, same screens.
  await page.keyboard.down('Alt');
  try {
    for (let step = 0; step < MAX_SCROLL_STEPS && moved; step++) {
      const shown = await visibleResult(page);
      for (const text of wanted) if (shown.includes(squash(text))) seen.add(text);
      const start = await scrollTopOf(page);
      let top = start;
      while (moved && top - start < box.height / 2) {
        moved = await wheelOnce(page, top);
        top = await scrollTopOf(page);
      }
    }
  } finally {
    await page.keyboard.up('Alt');
  }
  return seen;
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
