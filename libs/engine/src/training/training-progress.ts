import { SingleBar } from 'cli-progress';
import type { EpochRecord } from './training-checkpoint';

/** How a run shows itself: a bar on a terminal, JSON lines in a worker's log. */
export interface TrainingProgress {
  startEpoch(epoch: number, epochs: number, batches: number): void;
  batchDone(batch: number): void;
  endEpoch(record: EpochRecord): void;
  close(): void;
}

export function trainingProgress(stream: NodeJS.WriteStream = process.stdout): TrainingProgress {
  return stream.isTTY ? terminalProgress(stream) : jsonProgress((line) => stream.write(line + '\n'));
}

/** One JSON object per epoch, e.g. `{"msg":"training.epoch","epoch":3,"loss":0.41,…}`. */
export function jsonProgress(write: (line: string) => void): TrainingProgress {
  return {
    startEpoch: () => undefined,
    batchDone: () => undefined,
    endEpoch: (record) =>
      write(JSON.stringify({ time: new Date().toISOString(), msg: 'training.epoch', ...record })),
    close: () => undefined,
  };
}

function terminalProgress(stream: NodeJS.WriteStream): TrainingProgress {
  const bar = new SingleBar({
    stream,
    format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} batches · {eta}s left · {summary}',
    barsize: 24,
    hideCursor: true,
  });
  let running = false;
  return {
    startEpoch: (epoch, epochs, batches) => {
      bar.start(batches, 0, { epoch, epochs, summary: '' });
      running = true;
    },
    batchDone: (batch) => bar.update(batch),
    endEpoch: (record) => {
      const summary = Object.entries(record)
        .filter(([key]) => key.includes('loss') || key.includes('accuracy'))
        .map(([key, value]) => `${key} ${value.toFixed(4)}`)
        .join(' ');
      bar.update({ summary });
      bar.stop();
      running = false;
    },
    close: () => {
      if (running) bar.stop();
    },
  };
}
