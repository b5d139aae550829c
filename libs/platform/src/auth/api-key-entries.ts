import { createHash, timingSafeEqual } from 'node:crypto';

export const ROLES = ['reader', 'writer', 'clinician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A higher role may do everything a lower one may. `clinician` reads patient data and reviews
 * studies; a `writer` (an uploading modality, a feed) may send data but not read patients' results.
 */
const ROLE_RANK: Record<Role, number> = { reader: 1, writer: 2, clinician: 3, admin: 4 };

export function roleSatisfies(held: Role, required: Role): boolean {
  return ROLE_RANK[held] >= ROLE_RANK[required];
}

export interface ApiKeyEntry {
  label: string;
  role: Role;
  sha256: Buffer;
}

export interface ApiKeyPrincipal {
  label: string;
  role: Role;
}

const ENTRY = /^([A-Za-z0-9_.-]{1,64}):([a-z]+):([0-9a-f]{64})$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Parses `label:role:sha256hex[,…]`: only hashes are ever configured, never the keys themselves. */
export function parseApiKeyEntries(configured: string): ApiKeyEntry[] {
  const entries = configured
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry, index) => {
    const match = ENTRY.exec(entry);
    if (!match) {
      throw new Error(
        `API_KEYS entry ${index + 1} must be label:role:sha256hex (64 lowercase hex digits of the key's SHA-256)`,
      );
    }
    const [, label, role, hex] = match;
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new Error(`API_KEYS entry ${index + 1} has role "${role}"; allowed: ${ROLES.join(', ')}`);
    }
    return { label, role: role as Role, sha256: Buffer.from(hex, 'hex') };
  });
}

export class ApiKeyRing {
  private readonly entries: ApiKeyEntry[];

  constructor(configured: string) {
    this.entries = parseApiKeyEntries(configured);
  }

  /** Every entry is compared, in constant time, so that timing tells nothing about which one matched. */
  authenticate(presentedKey: string): ApiKeyPrincipal | undefined {
    const presented = Buffer.from(hashApiKey(presentedKey), 'hex');
    let found: ApiKeyPrincipal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.sha256, presented) && !found)
        found = { label: entry.label, role: entry.role };
    }
    return found;
  }
}
