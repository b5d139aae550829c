import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Injectable } from '@nestjs/common';

/** uPlot's browser build, served from the installed npm package (never copied into the repository). */
const UPLOT_FILES = {
  script: 'uplot/dist/uPlot.iife.min.js',
  style: 'uplot/dist/uPlot.min.css',
} as const;

@Injectable()
export class DashboardAssets {
  private readonly cache = new Map<keyof typeof UPLOT_FILES, Promise<string>>();

  uplot(kind: keyof typeof UPLOT_FILES): Promise<string> {
    let content = this.cache.get(kind);
    if (!content) {
      const resolve = createRequire(__filename).resolve;
      content = readFile(resolve(UPLOT_FILES[kind]), 'utf8');
      this.cache.set(kind, content);
    }
    return content;
  }
}
