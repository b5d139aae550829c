import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashApiKey } from '@deepworks/platform';

export interface DevApiKey {
  key: string;
  path: string;
  /** The API_KEYS value the services get: only the hash. */
  apiKeysConfig: string;
}

/**
 * For a local try-out without API_KEYS: one admin key, made on first start and kept in
 * `<home>/dev-api-key` (mode 0600) so that it survives restarts. Production configures API_KEYS.
 */
export async function devApiKey(home: string): Promise<DevApiKey> {
  const path = join(home, 'dev-api-key');
  let key: string;
  if (existsSync(path)) {
    key = (await readFile(path, 'utf8')).trim();
  } else {
    key = `dw_${randomBytes(24).toString('base64url')}`;
    await writeFile(path, key + '\n', { mode: 0o600 });
  }
  return { key, path, apiKeysConfig: `local-admin:admin:${hashApiKey(key)}` };
}
