import { generateFindingImages } from '@deepworks/demo-data';
import { encodeDicom } from '@deepworks/imaging/testing';
import { PNG } from 'pngjs';

/** A generated 28×28 study as a PNG file, and whether it carries a finding. */
export function findingPng(seed: number, wantFinding: boolean): { png: Buffer; finding: boolean } {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [image] = generateFindingImages({
      seed: seed + attempt,
      count: 1,
      findingRate: wantFinding ? 1 : 0,
    });
    const png = new PNG({ width: image.size, height: image.size, colorType: 0 });
    png.data = Buffer.alloc(image.size * image.size * 4);
    image.pixels.forEach((value, index) =>
      png.data.fill(value, index * 4, index * 4 + 3).writeUInt8(255, index * 4 + 3),
    );
    return { png: PNG.sync.write(png, { colorType: 0 }), finding: image.label === 'finding' };
  }
  throw new Error('unreachable');
}

export function dicomStudy(): Buffer {
  const values = Array.from({ length: 64 * 64 }, (_, index) => (index % 64) * 40);
  return encodeDicom({ width: 64, height: 64, values, window: { center: 1200, width: 2400 } });
}

export function uploadForm(file: Buffer, fields: Record<string, string> = {}, name = 'study.png'): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append('file', new Blob([new Uint8Array(file)]), name);
  return form;
}
