// Shared by the server (the launcher's text colour, sent with resolve) and the widget (its panel),
// so both sides of a theme agree. No zod: the widget imports it on its own subpath.
function channel(hex: string): number {
  const c = parseInt(hex, 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of `#rrggbb`. */
export function luminance(color: string): number {
  return 0.2126 * channel(color.slice(1, 3)) + 0.7152 * channel(color.slice(3, 5)) + 0.0722 * channel(color.slice(5, 7));
}

const WHITE = '#ffffff';
const DARK = '#111111';

/** White or near-black, whichever contrasts more with the `#rrggbb` background. */
export function readableTextColor(background: string): string {
  const l = luminance(background);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance(DARK) + 0.05);
  return onWhite >= onDark ? WHITE : DARK;
}
