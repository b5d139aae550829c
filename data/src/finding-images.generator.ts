import { SeededRandom } from './seeded-random';

export type FindingLabel = 'normal' | 'finding';

export interface FindingImage {
  /** Row-major 8-bit grayscale, `size × size`. */
  pixels: Uint8Array;
  size: number;
  label: FindingLabel;
  /** Where the finding was drawn (pixel centre and radius); null for normal images. */
  finding: { x: number; y: number; radius: number } | null;
}

export interface FindingImageOptions {
  seed?: number;
  count?: number;
  size?: number;
  /** Share of images with a finding. */
  findingRate?: number;
}

/**
 * Chest-X-ray-like 28×28 images: a bright body with two darker lung fields and noise; images labelled
 * `finding` also carry a brighter, soft-edged opacity inside one lung. The opacity is the only thing
 * that separates the classes, so a model that scores well must look at it (and Grad-CAM should too).
 */
export function generateFindingImages(options: FindingImageOptions = {}): FindingImage[] {
  const random = new SeededRandom(options.seed ?? 11);
  const count = options.count ?? 200;
  const size = options.size ?? 28;
  const findingRate = options.findingRate ?? 0.4;
  const images: FindingImage[] = [];
  for (let index = 0; index < count; index++) {
    const hasFinding = random.next() < findingRate;
    const lungs = [
      { x: size * (0.3 + 0.03 * random.gaussian()), y: size * 0.5, rx: size * 0.15, ry: size * 0.3 },
      { x: size * (0.7 + 0.03 * random.gaussian()), y: size * 0.5, rx: size * 0.15, ry: size * 0.3 },
    ];
    let finding: FindingImage['finding'] = null;
    if (hasFinding) {
      const lung = random.pick(lungs);
      finding = {
        x: lung.x + (random.next() - 0.5) * lung.rx,
        y: lung.y + (random.next() - 0.5) * lung.ry,
        radius: size * (0.07 + 0.06 * random.next()),
      };
    }
    const exposure = 0.9 + 0.2 * random.next();
    const pixels = new Uint8Array(size * size);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let value = 0.75;
        for (const lung of lungs) {
          const d = ((x - lung.x) / lung.rx) ** 2 + ((y - lung.y) / lung.ry) ** 2;
          if (d < 1) value -= 0.45 * (1 - d * d);
        }
        if (finding) {
          const d2 = ((x - finding.x) ** 2 + (y - finding.y) ** 2) / finding.radius ** 2;
          value += 0.35 * Math.exp(-d2);
        }
        value = value * exposure + 0.06 * random.gaussian();
        pixels[y * size + x] = Math.max(0, Math.min(255, Math.round(value * 255)));
      }
    }
    images.push({ pixels, size, label: hasFinding ? 'finding' : 'normal', finding });
  }
  return images;
}
