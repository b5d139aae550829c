import { type KernelConfig, type TensorInfo, UnsortedSegmentSum } from '@tensorflow/tfjs';

interface HeapBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/**
 * out[segment] = Σ x[i] over rows i with segmentIds[i] = segment (ids out of range are dropped, as in
 * TensorFlow). The gradient of an embedding lookup. A scatter-add is memory-bound: one pass over the
 * rows, reading and writing the backend's own heap in place (no copies), is the fastest form it has.
 */
export function unsortedSegmentSum(backendName: string): KernelConfig {
  return {
    kernelName: UnsortedSegmentSum,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
      const { numSegments } = attrs as { numSegments: number };
      const heap = backend as unknown as HeapBackend;
      const idRank = segmentIds.shape.length;
      const rowCount = segmentIds.shape.reduce((product, size) => product * size, 1);
      const rowShape = x.shape.slice(idRank);
      const width = rowShape.reduce((product, size) => product * size, 1);
      const output = heap.makeOutput([numSegments, ...rowShape], x.dtype);
      const target = heap.typedArrayFromHeap(output);
      target.fill(0);
      const source = heap.typedArrayFromHeap(x);
      const ids = heap.typedArrayFromHeap(segmentIds);
      for (let row = 0; row < rowCount; row++) {
        const segment = ids[row];
        if (segment < 0 || segment >= numSegments) continue;
        const from = row * width;
        const to = segment * width;
        for (let column = 0; column < width; column++) target[to + column] += source[from + column];
      }
      return output;
    },
  };
}
