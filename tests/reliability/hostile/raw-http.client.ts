import { type ClientRequest, request as httpRequest } from 'node:http';
import type { HostileBody, StreamedBody } from './hostile-case.types';

export interface RawResponse {
  /** 0 when no response came back (connection refused or reset, timeout). */
  status: number;
  /** The first kilobytes of the body, as text. */
  body: string;
  /** Why no response came back. */
  error?: string;
  ms: number;
  /** Tries it took (more than one only for a streamed body whose connection was reset unanswered). */
  attempts: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: HostileBody;
}

const KEPT_BODY_BYTES = 4096;
/** Streamed bodies go out in pieces this size, each flushed before the next. */
const STREAM_PIECE_BYTES = 64 * 1024;
const STREAM_ATTEMPTS = 3;

/**
 * One request through node:http rather than fetch: the path goes out byte for byte (fetch's URL parser
 * would resolve `..` and `%2e%2e` before sending), bodies may be any bytes, and a streamed body goes out
 * with chunked encoding. A response that arrives while the body is still being sent (a 413) counts, and
 * sending stops there.
 *
 * A server that answers 413 to a chunked body and closes while bytes it never read are still arriving
 * makes its kernel reset the connection, which can discard the answer before the client reads it (the
 * reason RFC 9112 §9.6 asks servers to close in stages). Such a body is sent in flushed pieces and,
 * when reset unanswered, sent again, at most three times; `attempts` says how many it took.
 */
export async function sendRaw(
  baseUrl: string,
  request: RawRequest,
  timeoutMs = 60_000,
): Promise<RawResponse> {
  const streamed = typeof request.body === 'object' && !Buffer.isBuffer(request.body);
  let response = await sendOnce(baseUrl, request, timeoutMs);
  let attempts = 1;
  while (streamed && response.status === 0 && attempts < STREAM_ATTEMPTS && isReset(response.error)) {
    response = await sendOnce(baseUrl, request, timeoutMs);
    attempts++;
  }
  return { ...response, attempts };
}

function sendOnce(
  baseUrl: string,
  request: RawRequest,
  timeoutMs: number,
): Promise<Omit<RawResponse, 'attempts'>> {
  const { hostname, port } = new URL(baseUrl);
  const started = performance.now();
  const headers = { ...request.headers };
  const body = request.body;
  if (typeof body === 'string' || Buffer.isBuffer(body))
    headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve) => {
    let settled = false;
    let status = 0;
    const kept: Buffer[] = [];
    let keptBytes = 0;
    const keptText = () => Buffer.concat(kept).toString('utf8').slice(0, KEPT_BODY_BYTES);
    const finish = (response: { status: number; body: string; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...response, ms: Math.round(performance.now() - started) });
    };
    const outgoing = httpRequest({
      hostname,
      port,
      method: request.method,
      path: request.path,
      headers,
      agent: false,
    });
    const timer = setTimeout(() => {
      finish({ status: 0, body: '', error: `no response within ${timeoutMs} ms` });
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('response', (incoming) => {
      status = incoming.statusCode ?? 0;
      incoming.on('data', (chunk: Buffer) => {
        if (keptBytes < KEPT_BODY_BYTES) {
          kept.push(chunk);
          keptBytes += chunk.length;
        }
      });
      const done = () => {
        finish({ status, body: keptText() });
        // The server answered before reading everything (a 413): stop sending the rest.
        outgoing.destroy();
      };
      incoming.on('end', done);
      incoming.on('error', done);
      incoming.on('close', done);
    });
    // An error after the status line arrived (the server closed while the body was still going out)
    // keeps that status.
    outgoing.on('error', (error: Error) =>
      finish(status > 0 ? { status, body: keptText() } : { status: 0, body: '', error: error.message }),
    );
    if (body === undefined) outgoing.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) outgoing.end(body);
    else void pump(outgoing, body, () => status > 0 || settled);
  });
}

/** Writes the body piece by piece, each flushed before the next, until done or answered. */
async function pump(outgoing: ClientRequest, body: StreamedBody, answered: () => boolean): Promise<void> {
  try {
    for await (const chunk of body.chunks()) {
      for (let offset = 0; offset < chunk.length; offset += STREAM_PIECE_BYTES) {
        if (answered() || outgoing.destroyed) return;
        await new Promise<void>((resolve, reject) =>
          outgoing.write(chunk.subarray(offset, offset + STREAM_PIECE_BYTES), (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      }
    }
    if (!answered()) outgoing.end();
  } catch {
    // The write failed because the connection went away; the request's 'error' event reports it.
  }
}

function isReset(error: string | undefined): boolean {
  return error !== undefined && /EPIPE|ECONNRESET|socket hang up/.test(error);
}
