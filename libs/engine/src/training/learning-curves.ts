import type { EpochRecord } from './training-checkpoint';

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { top: 30, right: 150, bottom: 40, left: 60 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b'];

/** Loss and metric curves per epoch as a standalone SVG (one y axis per chart: losses, then metrics). */
export function learningCurvesSvg(history: EpochRecord[], title: string): string {
  const series = Object.keys(history[0] ?? {}).filter(
    (key) => !['epoch', 'learningRate', 'seconds', 'samplesPerSecond'].includes(key),
  );
  const losses = series.filter((key) => key.includes('loss'));
  const metrics = series.filter((key) => !key.includes('loss'));
  const charts = [losses, metrics].filter((keys) => keys.length > 0);
  const body = charts
    .map((keys, index) => `<g transform="translate(0 ${index * HEIGHT})">${chart(history, keys)}</g>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT * charts.length + 10}" ` +
    `font-family="sans-serif" font-size="12"><text x="${MARGIN.left}" y="18" font-size="14">${escape(title)}</text>${body}</svg>\n`
  );
}

function chart(history: EpochRecord[], keys: string[]): string {
  const values = history.flatMap((record) => keys.map((key) => record[key])).filter(Number.isFinite);
  let low = Math.min(...values);
  let high = Math.max(...values);
  if (high - low < 1e-12) {
    low -= 0.5;
    high += 0.5;
  }
  const epochs = history.map((record) => record.epoch);
  const first = Math.min(...epochs);
  const last = Math.max(first + 1, Math.max(...epochs));
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (epoch: number) => MARGIN.left + ((epoch - first) / (last - first)) * innerWidth;
  const y = (value: number) => MARGIN.top + (1 - (value - low) / (high - low)) * innerHeight;
  const axes =
    `<line x1="${MARGIN.left}" y1="${MARGIN.top + innerHeight}" x2="${MARGIN.left + innerWidth}" y2="${MARGIN.top + innerHeight}" stroke="#333"/>` +
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${MARGIN.top + innerHeight}" stroke="#333"/>` +
    `<text x="${MARGIN.left + innerWidth / 2}" y="${HEIGHT - 8}" text-anchor="middle">epoch</text>` +
    [low, (low + high) / 2, high]
      .map(
        (tick) => `<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end">${format(tick)}</text>`,
      )
      .join('') +
    [first, last]
      .map(
        (tick) =>
          `<text x="${x(tick)}" y="${MARGIN.top + innerHeight + 16}" text-anchor="middle">${tick}</text>`,
      )
      .join('');
  const lines = keys
    .map((key, index) => {
      const colour = COLOURS[index % COLOURS.length];
      const points = history
        .filter((record) => Number.isFinite(record[key]))
        .map((record) => `${x(record.epoch).toFixed(1)},${y(record[key]).toFixed(1)}`)
        .join(' ');
      const legendY = MARGIN.top + 14 + index * 18;
      return (
        `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>` +
        `<rect x="${WIDTH - MARGIN.right + 12}" y="${legendY - 9}" width="12" height="3" fill="${colour}"/>` +
        `<text x="${WIDTH - MARGIN.right + 30}" y="${legendY}">${escape(key)}</text>`
      );
    })
    .join('');
  return axes + lines;
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function escape(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
