// Paths shared by the JS tests.
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { readFileSync } from 'node:fs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixture = (...p) => join(root, 'tests', 'fixtures', ...p);
export const readFixture = (...p) => readFileSync(fixture(...p), 'utf8');
