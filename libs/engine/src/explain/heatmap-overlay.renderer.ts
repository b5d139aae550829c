import { PNG } from 'pngjs';

export interface OverlayOptions {
  /** Opacity of the colour where the heatmap is 1 (it fades to 0 with the heat); default 0.5. */
  alpha?: number;
}

/**
 * An RGB PNG of the grayscale image with the heatmap on top in a jet-like colour map (blue → cyan →
 * yellow → red), alpha-blended in proportion to the heat so cold regions show the image unchanged.
 */
export function heatmapOverlayPng(
  grayPixels: Uint8Array,
  width: number,
  height: number,
  heatmap: Float32Array,
  options: OverlayOptions = {},
): Buffer {
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1))
    throw new Error(`heatmapOverlayPng: alpha must be in [0, 1], got ${alpha}`);
  if (grayPixels.length !== width * height)
    throw new Error(`heatmapOverlayPng: ${grayPixels.length} pixels for a ${width}×${height} image`);
  if (heatmap.length !== width * height)
    throw new Error(
      `heatmapOverlayPng: the heatmap has ${heatmap.length} values, the image ${width * height} pixels`,
    );
  const png = new PNG({ width, height, colorType: 2, inputHasAlpha: true });
  for (let index = 0; index < width * height; index++) {
    const heat = Math.min(1, Math.max(0, heatmap[index]));
    const colour = jet(heat);
    const weight = alpha * heat;
    for (let channel = 0; channel < 3; channel++)
      png.data[index * 4 + channel] = Math.round(grayPixels[index] * (1 - weight) + colour[channel] * weight);
    png.data[index * 4 + 3] = 255;
  }
  return PNG.sync.write(png, { colorType: 2 });
}

/** MATLAB's jet as three clipped ramps: blue at 0, cyan, yellow, red at 1. */
function jet(value: number): [number, number, number] {
  const ramp = (centre: number) =>
    Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * value - centre))));
  return [ramp(3), ramp(2), ramp(1)];
}
