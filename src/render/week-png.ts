// SVG to PNG with resvg (Rust, prebuilt per platform from npm): Matrix clients show a PNG inline, an
// SVG not. The font comes from the dejavu-fonts-ttf package, never from the system, so the picture
// looks the same on a developer's machine, in CI and in production.
import { createRequire } from "node:module";
import type * as ResvgModule from "@resvg/resvg-js";

const require_ = createRequire(import.meta.url);
// Loaded on the first picture, not at start: the native library's memory is only spent when used.
let resvg: typeof ResvgModule | null = null;
const load = (): typeof ResvgModule => (resvg ??= require_("@resvg/resvg-js") as typeof ResvgModule);
const FONT_FILES = ["DejaVuSansCondensed.ttf", "DejaVuSansCondensed-Bold.ttf"].map((f) => require_.resolve(`dejavu-fonts-ttf/ttf/${f}`));

export interface Png {
  data: Buffer;
  width: number;
  height: number;
}

/** Renders SVG text at its own size. Synchronous: a week picture takes some tens of milliseconds. */
export function svgToPng(svg: string, defaultFontFamily: string): Png {
  const renderer = new (load().Resvg)(svg, {
    fitTo: { mode: "original" },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily },
  });
  const image = renderer.render();
  return { data: image.asPng(), width: image.width, height: image.height };
}
