import { TEST_API_KEYS } from '@deepworks/platform/testing';
import type { AppName } from '../../support/service-process';
import { streamedJson } from './hostile-body.builders';
import type { HostileBody, HostileCase, HostileCategory, Role } from './hostile-case.types';
import {
  INVALID_UTF8,
  MALFORMED_JSON,
  deepArrays,
  deepObjects,
  jsonWithBytes,
  shortLabel,
  withDeepField,
} from './hostile-payload.values';

const JSON_TYPE = { 'content-type': 'application/json' } as const;

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

/** Where a case goes and with which key; the helper that uses it supplies the body. */
export type CaseTarget = Omit<CaseRequest, 'json' | 'raw'>;

/** The shape of a deep structure: `[[[…]]]` or `{"a":{"a":…}}`. */
export type NestedShape = 'arrays' | 'objects';

/** Changes one field of a valid body per case (see `HostileCaseList.fieldMutations`). */
export type FieldMutator = (category: HostileCategory, badValues: Record<string, readonly unknown[]>) => void;

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

  /** Each body, labelled by its key, sent as JSON. */
  jsonBodies(
    category: HostileCategory,
    endpoint: string,
    target: CaseTarget,
    bodies: Readonly<Record<string, unknown>>,
  ): void {
    for (const [label, json] of Object.entries(bodies))
      this.add(category, endpoint, label, { ...target, json });
  }

  /** A body sent as is, labelled application/json (hand-written JSON, or not JSON at all). */
  rawJson(
    category: HostileCategory,
    endpoint: string,
    label: string,
    target: CaseTarget,
    body: HostileBody,
  ): void {
    this.add(category, endpoint, label, { ...target, headers: JSON_TYPE, raw: body });
  }

  /** The MALFORMED_JSON bodies named by `labels` (all by default), each sent to every endpoint in turn. */
  malformedJson(
    targets: Readonly<Record<string, CaseTarget>>,
    labels: readonly string[] = Object.keys(MALFORMED_JSON),
  ): void {
    for (const label of labels)
      for (const [endpoint, target] of Object.entries(targets))
        this.rawJson('malformed-json', endpoint, label, target, MALFORMED_JSON[label]);
  }

  /** 100,000 levels of nesting as the whole body. */
  deepBody(endpoint: string, target: CaseTarget, shape: NestedShape): void {
    this.rawJson('deep-nesting', endpoint, `100,000 nested ${shape} as the body`, target, deep(shape));
  }

  /** `base` (kept valid) with `field` holding 100,000 levels of nesting. */
  deepField(
    endpoint: string,
    target: CaseTarget,
    field: string,
    shape: NestedShape,
    base: Record<string, unknown> = {},
  ): void {
    const label = `${field} holds 100,000 nested ${shape}`;
    this.rawJson('deep-nesting', endpoint, label, target, withDeepField(base, field, deep(shape)));
  }

  /** 2 MiB of one JSON string field, streamed in chunks with no Content-Length. */
  streamedHugeJson(endpoint: string, target: CaseTarget, field: string): void {
    const label = '2 MiB streamed without Content-Length';
    this.rawJson('huge-body', endpoint, label, target, streamedJson(field, 2 * 1024 * 1024));
  }

  /**
   * JSON that is valid but for INVALID_UTF8's bytes, spliced into `field`'s string between the two
   * halves of `around`; `variants` picks which, as slice bounds into INVALID_UTF8's entries (all by default).
   */
  invalidUtf8(
    endpoint: string,
    target: CaseTarget,
    field: string,
    around: readonly [before: string, after: string],
    variants: readonly [from: number, to?: number] = [0],
  ): void {
    for (const [label, bytes] of Object.entries(INVALID_UTF8).slice(...variants))
      this.rawJson(
        'invalid-utf8',
        endpoint,
        `${field} with ${label}`,
        target,
        jsonWithBytes(around[0], bytes, around[1]),
      );
  }

  /** A valid `base` with one field that the endpoint does not know (forbidden, not ignored). */
  unknownField(endpoint: string, target: CaseTarget, base: object, field: string, value: unknown): void {
    this.add('unknown-field', endpoint, `extra field "${field}"`, {
      ...target,
      json: { ...base, [field]: value },
    });
  }

  /** The body sent with another content type. */
  contentType(endpoint: string, label: string, target: CaseTarget, type: string, body: HostileBody): void {
    this.add('content-type', endpoint, label, { ...target, headers: { 'content-type': type }, raw: body });
  }

  /** Each value, percent-encoded, in place of the `:id` of every endpoint in turn. */
  injectedIds(
    category: HostileCategory,
    endpoints: string | readonly string[],
    request: Omit<CaseRequest, 'path'>,
    values: readonly string[],
  ): void {
    this.ids(category, endpoints, request, values, encoded);
  }

  /** Each TRAVERSAL_SEGMENTS-style segment, sent as written, in place of the `:id` of every endpoint in turn. */
  traversalIds(
    endpoints: string | readonly string[],
    request: Omit<CaseRequest, 'path'>,
    segments: readonly string[],
  ): void {
    this.ids('path-traversal', endpoints, request, segments, (segment) => segment);
  }

  /** One case per query parameter: `request.path?<parameter>=<value, percent-encoded>`. */
  queryValues(
    category: HostileCategory,
    endpoint: string,
    request: CaseRequest,
    values: Readonly<Record<string, string>>,
  ): void {
    for (const [parameter, value] of Object.entries(values))
      this.add(category, endpoint, `${parameter}=${value}`, {
        ...request,
        path: `${request.path}?${parameter}=${encoded(value)}`,
      });
  }

  /** SQL as the `sort` key of a listing. */
  sqlSortKey(endpoint: string, request: CaseRequest, sql: string): void {
    this.add('sql-injection', endpoint, `sort key ${JSON.stringify(sql)}`, {
      ...request,
      path: `${request.path}?sort=${encoded(sql)}`,
    });
  }

  /**
   * The request made with each key that may not make it (`'none'`: no key at all); `only` names the
   * role that may, for the case's name.
   */
  refusedKeys(
    endpoint: string,
    request: Omit<CaseRequest, 'role'>,
    keys: readonly (Role | 'none')[],
    only?: Role,
  ): void {
    for (const key of keys) {
      if (key === 'none') this.add('auth', endpoint, 'no key', request);
      else
        this.add('auth', endpoint, `${key} key${only ? ` (${only} only)` : ''}`, { ...request, role: key });
    }
  }

  /**
   * A function that sends `base` with one field replaced by each bad value (or removed, for
   * `undefined`), one case per value.
   */
  fieldMutations(endpoint: string, request: CaseTarget, base: Record<string, unknown> = {}): FieldMutator {
    return (category, badValues) => {
      for (const [field, values] of Object.entries(badValues)) {
        for (const value of values) {
          const body: Record<string, unknown> = { ...base };
          if (value === undefined) delete body[field];
          else body[field] = value;
          const label = value === undefined ? `${field} missing` : `${field}=${describeValue(value)}`;
          this.add(category, endpoint, label, { ...request, json: body });
        }
      }
    };
  }

  private ids(
    category: HostileCategory,
    endpoints: string | readonly string[],
    request: Omit<CaseRequest, 'path'>,
    values: readonly string[],
    segment: (value: string) => string,
  ): void {
    for (const value of values)
      for (const endpoint of typeof endpoints === 'string' ? [endpoints] : endpoints) {
        const path = endpoint.slice(endpoint.indexOf(' ') + 1).replace(':id', segment(value));
        this.add(category, endpoint, `id ${value}`, { ...request, path });
      }
  }
}

function deep(shape: NestedShape): string {
  return shape === 'arrays' ? deepArrays() : deepObjects();
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
