/**
 * `npm run install:wechaty [puppet…]`: installs Wechaty and puppets at the versions in
 * packages.json, with --no-save so package.json and package-lock.json (and so `npm ci`) never
 * hold them. Without arguments: the puppet named by WECHATY_PUPPET, and wechaty-puppet-mock
 * for the tests. Install scripts are skipped: none of these packages needs one (leveldown
 * ships prebuilt binaries, @swc/core comes as a platform package, protobufjs's only checks).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { installSpecs, PACKAGES } from './load.js';

const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const puppets = asked.length ? asked : [...new Set(['wechaty-puppet-mock', process.env.WECHATY_PUPPET].filter((p): p is string => !!p))];
for (const p of puppets)
  if (!PACKAGES.puppets[p])
    console.warn(
      `note: ${p} is not one of the tested puppets (${Object.keys(PACKAGES.puppets).join(', ')}); installing its latest version`,
    );

const specs = [...new Set(puppets.flatMap((p) => installSpecs(p)))];
const args = ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', ...specs];
console.log(`npm ${args.join(' ')}`);
const root = path.resolve(import.meta.dirname, '../../../..');
const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
