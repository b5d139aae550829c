import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { composite, type KernelScope } from './kernel-scope';

type Shape4 = [number, number, number, number];

/**
 * The input window each filter tap (kh, kw) sees, for every output position: a strided slice of the
 * zero-padded input, shape [B, outH, outW, C]. Gathering all taps side by side is im2col.
 */
function tapSlices(scope: KernelScope, x: TensorInfo, info: backend_util.Conv2DInfo): TensorInfo[] {
  const { top, bottom, left, right } = info.padInfo;
  const padded = scope.pad(x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
  const slices: TensorInfo[] = [];
  for (let kh = 0; kh < info.filterHeight; kh++) {
    for (let kw = 0; kw < info.filterWidth; kw++) {
      const rowStart = kh * info.dilationHeight;
      const colStart = kw * info.dilationWidth;
      slices.push(
        scope.run(
          'StridedSlice',
          { x: padded },
          {
            begin: [0, rowStart, colStart, 0],
            end: [
              info.batchSize,
              rowStart + (info.outHeight - 1) * info.strideHeight + 1,
              colStart + (info.outWidth - 1) * info.strideWidth + 1,
              info.inChannels,
            ],
            strides: [1, info.strideHeight, info.strideWidth, 1],
            beginMask: 0,
            endMask: 0,
            ellipsisMask: 0,
            newAxisMask: 0,
            shrinkAxisMask: 0,
          },
        ),
      );
    }
  }
  return slices;
}

/** [B, OH, OW, C] with s − 1 zeros after every row and column: [B, OH·sh, OW·sw, C]. */
function spreadOntoStrideGrid(
  scope: KernelScope,
  x: TensorInfo,
  strideHeight: number,
  strideWidth: number,
): TensorInfo {
  if (strideHeight === 1 && strideWidth === 1) return x;
  const [batch, height, width, channels] = x.shape;
  const split = scope.reshape(x, [batch, height, 1, width, 1, channels]);
  const spread = scope.pad(split, [
    [0, 0],
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  return scope.reshape(spread, [batch, height * strideHeight, width * strideWidth, channels]);
}

function assertChannelsLast(dataFormat: string | undefined, kernel: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports NHWC only, got ${dataFormat}`);
  }
}

/**
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} xp[b, oh·s + kh, ow·s + kw, ci] · dy[b,oh,ow,co] (xp: x zero-padded) is
 * itself a convolution: with ci as the batch and b as the channels, xp correlated with dy as the filter
 * at dilation s gives [Ci, KH, KW, Co]. It runs on the backend's fast Conv2D, three times quicker here
 * than an im2col matmul.
 */
export function conv2dBackpropFilter(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
        attrs as unknown as Conv2DBackpropFilterAttrs;
      assertChannelsLast(dataFormat, Conv2DBackpropFilter);
      const info = backend_util.computeConv2DInfo(
        x.shape as Shape4,
        filterShape,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const { top, bottom, left, right } = info.padInfo;
      const [filterHeight, filterWidth, channelsIn, channelsOut] = filterShape;
      return composite(backend, backendName, (scope) => {
        const padded = scope.pad(x, [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ]);
        const channelsAsBatch = scope.run('Transpose', { x: padded }, { perm: [3, 1, 2, 0] });
        const gradientAsFilter = scope.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
        let product = scope.run(
          'Conv2D',
          { x: channelsAsBatch, filter: gradientAsFilter },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth] },
        );
        // Padding the forward pass never reached leaves extra rows or columns past the filter.
        if (product.shape[1] !== filterHeight || product.shape[2] !== filterWidth) {
          product = scope.run(
            'Slice',
            { x: product },
            { begin: [0, 0, 0, 0], size: [channelsIn, filterHeight, filterWidth, channelsOut] },
          );
        }
        return scope.run('Transpose', { x: product }, { perm: [1, 2, 0, 3] });
      });
    },
  };
}

/**
 * dW[kh,kw,c,m] = Σ_{b,oh,ow} x[b, oh·s + kh·d, ow·s + kw·d, c] · dy[b,oh,ow,c·M + m]: for each channel c
 * a [KH·KW, N] × [N, M] product, all channels in one batched matmul.
 */
export function depthwiseBackpropFilter(backendName: string): KernelConfig {
  return {
    kernelName: DepthwiseConv2dNativeBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const { strides, dilations, pad, dimRoundingMode, filterShape } =
        attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
      const info = backend_util.computeConv2DInfo(
        x.shape as Shape4,
        filterShape,
        strides,
        dilations,
        pad,
        dimRoundingMode,
        true,
      );
      const [filterHeight, filterWidth, channels, multiplier] = filterShape;
      return composite(backend, backendName, (scope) => {
        const rows = info.batchSize * info.outHeight * info.outWidth;
        const columns = tapSlices(scope, x, info).map((slice) => scope.reshape(slice, [rows, 1, channels]));
        const im2col = columns.length === 1 ? columns[0] : scope.run('Concat', columns, { axis: 1 });
        // [N, taps, C] → [C, taps, N];  dy [N, C, M] → [C, N, M];  product [C, taps, M]
        const perChannel = scope.run('Transpose', { x: im2col }, { perm: [2, 1, 0] });
        const gradients = scope.run(
          'Transpose',
          { x: scope.reshape(dy, [rows, channels, multiplier]) },
          { perm: [1, 0, 2] },
        );
        const product = scope.run(
          'BatchMatMul',
          { a: perChannel, b: gradients },
          { transposeA: false, transposeB: false },
        );
        const tapsFirst = scope.run('Transpose', { x: product }, { perm: [1, 0, 2] });
        return scope.reshape(tapsFirst, [filterHeight, filterWidth, channels, multiplier]);
      });
    },
  };
}

/**
 * dx[b, oh·s + kh·d − pad, ow·s + kw·d − pad, c] += Σ_m dy[b,oh,ow,c·M + m] · W[kh,kw,c,m]: each tap's
 * contribution is a batched matmul over channels, spread onto the stride grid (interleaving zeros by
 * pad + reshape), shifted into place by padding, summed, and the input padding cropped off.
 */
export function depthwiseBackpropInput(backendName: string): KernelConfig {
  return {
    kernelName: DepthwiseConv2dNativeBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const { strides, dilations, pad, dimRoundingMode, inputShape } =
        attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
      const info = backend_util.computeConv2DInfo(
        inputShape,
        filter.shape as Shape4,
        strides,
        dilations,
        pad,
        dimRoundingMode,
        true,
      );
      const [filterHeight, filterWidth, channels, multiplier] = filter.shape as Shape4;
      const { batchSize, outHeight, outWidth, strideHeight, strideWidth } = info;
      const { top, left, bottom, right } = info.padInfo;
      const paddedHeight = info.inHeight + top + bottom;
      const paddedWidth = info.inWidth + left + right;
      return composite(backend, backendName, (scope) => {
        const rows = batchSize * outHeight * outWidth;
        // dy [N, C, M] → [C, N, M];  W [KH, KW, C, M] → [C, M, taps];  product [C, N, taps] → [taps, N, C]
        const gradients = scope.run(
          'Transpose',
          { x: scope.reshape(dy, [rows, channels, multiplier]) },
          { perm: [1, 0, 2] },
        );
        const weights = scope.run(
          'Transpose',
          { x: scope.reshape(filter, [filterHeight * filterWidth, channels, multiplier]) },
          { perm: [1, 2, 0] },
        );
        const product = scope.run(
          'BatchMatMul',
          { a: gradients, b: weights },
          { transposeA: false, transposeB: false },
        );
        const perTap = scope.run('Transpose', { x: product }, { perm: [2, 1, 0] });
        const contributions: TensorInfo[] = [];
        for (let kh = 0; kh < filterHeight; kh++) {
          for (let kw = 0; kw < filterWidth; kw++) {
            const tap = kh * filterWidth + kw;
            let part = scope.run('Slice', { x: perTap }, { begin: [tap, 0, 0], size: [1, rows, channels] });
            part = spreadOntoStrideGrid(
              scope,
              scope.reshape(part, [batchSize, outHeight, outWidth, channels]),
              strideHeight,
              strideWidth,
            );
            const rowOffset = kh * info.dilationHeight;
            const colOffset = kw * info.dilationWidth;
            // Only trailing zeros of the stride grid can fall outside the padded input.
            const keepRows = Math.min(outHeight * strideHeight, paddedHeight - rowOffset);
            const keepCols = Math.min(outWidth * strideWidth, paddedWidth - colOffset);
            if (keepRows < outHeight * strideHeight || keepCols < outWidth * strideWidth) {
              part = scope.run(
                'Slice',
                { x: part },
                { begin: [0, 0, 0, 0], size: [batchSize, keepRows, keepCols, channels] },
              );
            }
            contributions.push(
              scope.run(
                'PadV2',
                { x: part },
                {
                  paddings: [
                    [0, 0],
                    [rowOffset, paddedHeight - rowOffset - keepRows],
                    [colOffset, paddedWidth - colOffset - keepCols],
                    [0, 0],
                  ],
                  constantValue: 0,
                },
              ),
            );
          }
        }
        const summed = contributions.length === 1 ? contributions[0] : scope.run('AddN', contributions);
        if (top + bottom + left + right === 0) return summed;
        return scope.run('Slice', { x: summed }, { begin: [0, top, left, 0], size: inputShape });
      });
    },
  };
}

/**
 * dx = the stride-dilated dy, padded, correlated with the filter flipped in space and transposed in
 * channels: the textbook identity that turns the input gradient into a forward convolution, so it runs
 * on the backend's fast Conv2D (the wasm backend's own Conv2DBackpropInput is a scalar loop, ten times
 * slower than its forward pass here).
 */
export function conv2dBackpropInput(backendName: string): KernelConfig {
  return {
    kernelName: Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
        attrs as unknown as Conv2DBackpropInputAttrs;
      assertChannelsLast(dataFormat, Conv2DBackpropInput);
      const info = backend_util.computeConv2DInfo(
        inputShape,
        filter.shape as Shape4,
        strides,
        1,
        pad,
        dimRoundingMode,
      );
      const { batchSize, outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info;
      const channelsOut = info.outChannels;
      return composite(backend, backendName, (scope) => {
        let spread = spreadOntoStrideGrid(scope, dy, strideHeight, strideWidth);
        const spreadHeight = (outHeight - 1) * strideHeight + 1;
        const spreadWidth = (outWidth - 1) * strideWidth + 1;
        // Rows needed before and after so that a valid correlation yields exactly inHeight rows.
        const top = filterHeight - 1 - info.padInfo.top;
        const left = filterWidth - 1 - info.padInfo.left;
        const bottom = info.inHeight + filterHeight - 1 - top - spreadHeight;
        const right = info.inWidth + filterWidth - 1 - left - spreadWidth;
        const cropTop = Math.max(0, -top);
        const cropLeft = Math.max(0, -left);
        const keepHeight = spreadHeight - cropTop - Math.max(0, -bottom);
        const keepWidth = spreadWidth - cropLeft - Math.max(0, -right);
        if (cropTop || cropLeft || keepHeight !== spread.shape[1] || keepWidth !== spread.shape[2]) {
          spread = scope.run(
            'Slice',
            { x: spread },
            { begin: [0, cropTop, cropLeft, 0], size: [batchSize, keepHeight, keepWidth, channelsOut] },
          );
        }
        const padded = scope.run(
          'PadV2',
          { x: spread },
          {
            paddings: [
              [0, 0],
              [Math.max(0, top), Math.max(0, bottom)],
              [Math.max(0, left), Math.max(0, right)],
              [0, 0],
            ],
            constantValue: 0,
          },
        );
        // W[kh, kw, ci, co] → W'[KH−1−kh, KW−1−kw, co, ci]
        const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
        const transposed = scope.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
        return scope.run(
          'Conv2D',
          { x: padded, filter: transposed },
          { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 },
        );
      });
    },
  };
}
