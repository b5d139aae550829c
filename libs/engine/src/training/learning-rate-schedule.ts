/** Learning rate as a function of the optimisation step (0-based) — flat, typed, no nesting. */
export type LearningRateSchedule =
  | { kind: 'constant'; rate: number; warmupSteps?: number }
  | { kind: 'step'; rate: number; everySteps: number; factor: number; warmupSteps?: number }
  | { kind: 'cosine'; rate: number; totalSteps: number; minRate?: number; warmupSteps?: number };

export function learningRateAt(schedule: LearningRateSchedule, step: number): number {
  const warmup = schedule.warmupSteps ?? 0;
  // Linear warm-up from rate/warmup to rate (Goyal et al. 2017), then the schedule proper.
  if (step < warmup) return (schedule.rate * (step + 1)) / warmup;
  const after = step - warmup;
  switch (schedule.kind) {
    case 'constant':
      return schedule.rate;
    case 'step':
      return schedule.rate * schedule.factor ** Math.floor(after / schedule.everySteps);
    case 'cosine': {
      // SGDR without restarts (Loshchilov & Hutter 2017).
      const span = Math.max(1, schedule.totalSteps - warmup);
      const progress = Math.min(1, after / span);
      const floor = schedule.minRate ?? 0;
      return floor + ((schedule.rate - floor) * (1 + Math.cos(Math.PI * progress))) / 2;
    }
  }
}
