import { TEST_API_KEYS } from '@deepworks/platform/testing';
import type { AppName } from '../../support/service-process';
import type { HostileBody, HostileCase, HostileCategory, Role } from './hostile-case.types';
import { shortLabel } from './hostile-payload.values';

export const JSON_TYPE = { 'content-type': 'application/json' } as const;

/** A v4 UUID that no row has. */
export const ABSENT_UUID = '6f1c1a52-3f0e-4d3b-9f57-2b8f5e0c9a11';

export interface CaseRequest {
  /** The raw path and query, sent verbatim. */
  path: string;
  /** The key presented (`Authorization: Bearer`); none when absent. */
  role?: Role;
  headers?: Record<string, string>;
  /** Serialised with JSON.stringify and sent as application/json (`null` included). */
  json?: unknown;
  /** Sent as is: set the content type in `headers`. */
  raw?: HostileBody;
}

/**
 * The cases of one service, built as data: `endpoint` ("POST /items") names the route in the case's
 * name and gives its method; the request's path carries the hostile part.
 */
export class HostileCaseList {
  readonly cases: HostileCase[] = [];

  constructor(readonly service: AppName) {}

  add(category: HostileCategory, endpoint: string, label: string, request: CaseRequest): void {
    const [method] = endpoint.split(' ');
    const hasJson = Object.hasOwn(request, 'json');
    const headers: Record<string, string> = {
      ...(request.role ? { authorization: `Bearer ${TEST_API_KEYS[request.role]}` } : {}),
      ...(hasJson ? { 'content-type': 'application/json' } : {}),
      ...request.headers,
    };
    this.cases.push({
      name: `${this.service} ${endpoint}: ${label}`,
      category,
      service: this.service,
      method,
      path: request.path,
      headers,
      body: hasJson ? JSON.stringify(request.json) : request.raw,
    });
  }

  /** `base` with one field replaced by each bad value (or removed, for `undefined`). */
  fieldMutations(
    category: HostileCategory,
    endpoint: string,
    request: Omit<CaseRequest, 'json' | 'raw'>,
    base: Record<string, unknown>,
    badValues: Record<string, readonly unknown[]>,
  ): void {
    for (const [field, values] of Object.entries(badValues)) {
      for (const value of values) {
        const body: Record<string, unknown> = { ...base };
        if (value === undefined) delete body[field];
        else body[field] = value;
        const label = value === undefined ? `${field} missing` : `${field}=${describeValue(value)}`;
        this.add(category, endpoint, label, { ...request, json: body });
      }
    }
  }
}

/** Long values get their shape in the name, not their content. */
function describeValue(value: unknown): string {
  if (typeof value === 'string' && value.length > 40) return `string of ${value.length} characters`;
  if (Array.isArray(value) && value.length > 5) return `array of ${value.length}`;
  return shortLabel(value);
}

/** A path segment or query value, percent-encoded so the hostile text arrives intact. */
export function encoded(value: string): string {
  return encodeURIComponent(value);
}
