import { readFile } from 'node:fs/promises';
import { type NpyArray, type NpyReadOptions, encodeNpy, parseNpy } from './npy.format';
import { readZip, writeZip } from './zip.archive';

/**
 * The arrays of a NumPy `.npz` file (what `np.savez`/`np.savez_compressed` write: a zip of `.npy`
 * files), keyed by name without the `.npy` suffix, in archive order.
 */
export async function readNpz(
  source: string | Uint8Array,
  options: NpyReadOptions = {},
): Promise<Map<string, NpyArray>> {
  const bytes = typeof source === 'string' ? await readFile(source) : source;
  return parseNpz(bytes, options);
}

/** {@link readNpz} for bytes already in memory. */
export function parseNpz(bytes: Uint8Array, options: NpyReadOptions = {}): Map<string, NpyArray> {
  const archive = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const arrays = new Map<string, NpyArray>();
  for (const entry of readZip(archive)) {
    if (entry.name.endsWith('/')) continue;
    const name = entry.name.endsWith('.npy') ? entry.name.slice(0, -'.npy'.length) : entry.name;
    arrays.set(name, parseNpy(entry.data, name, options));
  }
  return arrays;
}

/**
 * An `.npz` archive NumPy reads back with `np.load`: one NPY v1 file per array, deflated unless
 * `compress: false` (then like `np.savez`).
 */
export function writeNpz(
  arrays: ReadonlyMap<string, NpyArray> | Readonly<Record<string, NpyArray>>,
  options: { compress?: boolean } = {},
): Buffer {
  const named: [string, NpyArray][] =
    arrays instanceof Map
      ? [...(arrays as ReadonlyMap<string, NpyArray>).entries()]
      : Object.entries(arrays as Readonly<Record<string, NpyArray>>);
  return writeZip(
    named.map(([name, array]) => ({ name: `${name}.npy`, data: encodeNpy(array, name) })),
    options,
  );
}
