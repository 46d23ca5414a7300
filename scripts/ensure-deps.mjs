#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs the locked dependencies when node_modules is missing or older
// than package-lock.json, so both README commands work on a fresh clone. Plain JS: it must run before any install.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Node.js 20 or newer is required (found ${process.versions.node}).`);
  process.exit(1);
}

const lock = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');
const stale = !existsSync(installed) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(installed).mtimeMs);
if (stale) {
  // `npm install` installs exactly what package-lock.json records (and leaves it unchanged). Not `npm ci`: npm 11
  // omits other platforms' optional packages (@swc/core-darwin-*, …) from the lock and then `npm ci` refuses it.
  console.error('Installing dependencies (better-sqlite3 may compile from source, about 2 minutes)...');
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
