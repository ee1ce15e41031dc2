import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering rules of README "How it is built" live in .oxlintrc.json; this runs the linter
 * with that very file over a small tree of deliberately right and wrong imports, so a rule
 * that stops biting (or starts biting the wrong thing) fails here, not in review.
 */
const root = path.resolve(import.meta.dirname, '../..');
const oxlint = path.join(root, 'node_modules/.bin/oxlint');

const fixtures: Record<string, string> = {
  // Wrong: each of these must be reported.
  'src/core/bad.ts': `import { x } from '../modules/a/a.service.js';`,
  'src/api/bad.ts': `import { x } from '../store/schema.js';`,
  'src/ports/bad.ts': `import { x } from '../adapters/db/database.js';`,
  'src/modules/a/bad-repository.ts': `import { x } from '../b/b.repository.js';`,
  'src/modules/a/bad-routes.ts': `import { x } from '../b/b.routes.js';`,
  'src/modules/a/bad-adapter.ts': `import { x } from '../../adapters/db/database.js';`,
  'src/compat/wechat-api/bad.ts': `import { x } from '../../modules/a/a.repository.js';`,
  'src/http/bad.ts': `import { x } from '../store/schema.js';`,
  'src/http/bad-module.ts': `import type { X } from '../modules/auth/auth.service.js';`,
  'src/adapters/gateways/bad.ts': `import { x } from '../../modules/a/a.service.js';`,
  'console/src/features/bad.ts': `import type { X } from '../../../src/core/caller.js';`,
  'console/src/api/types.ts': `import type { X } from '../../../src/modules/a/a.service.js';`,
  // Right: none of these may be reported.
  'src/core/good.ts': `import { x } from './time.js';`,
  'src/api/good.ts': `import { x } from '../core/caller.js';`,
  'src/modules/a/good.ts': [
    `import { a } from './a.repository.js';`,
    `import { b } from '../b/b.service.js';`,
    `import { c } from '../b/b.tx.js';`,
    `import { d } from '../../store/schema.js';`,
    `import { e } from '../../api/account.js';`,
    `import { f } from '../../ports/bus.js';`,
  ].join('\n'),
  'src/compat/wechat-api/good.ts': `import { x } from '../../modules/a/a.service.js';`,
  'src/adapters/gateways/good.ts': `import { x } from '../../ports/gateway.js';`,
  'console/src/features/good.ts': `import { x } from '../api/types';`,
};

let dir: string;
let reported: Map<string, string[]>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxdesk-layers-'));
  const config = JSON.parse(fs.readFileSync(path.join(root, '.oxlintrc.json'), 'utf8')) as Record<string, unknown>;
  // Only the import rules: the fixtures are not a type-checked project.
  const only = { overrides: config['overrides'], rules: {}, plugins: [], categories: { correctness: 'off' } };
  fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify(only));
  for (const [file, text] of Object.entries(fixtures)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${text}\nexport {};\n`);
  }
  const run = await promisify(execFile)(oxlint, ['-c', '.oxlintrc.json', '--format', 'json', '.'], { cwd: dir }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  const out = JSON.parse(run.stdout) as { diagnostics: { filename: string; code: string }[] };
  reported = new Map();
  for (const d of out.diagnostics.filter((x) => x.code === 'eslint(no-restricted-imports)')) {
    const file = path.relative(dir, path.resolve(dir, d.filename));
    reported.set(file, [...(reported.get(file) ?? []), d.code]);
  }
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('layering rules (.oxlintrc.json)', () => {
  for (const file of Object.keys(fixtures)) {
    const wrong = path.basename(file).startsWith('bad') || file === 'console/src/api/types.ts';
    it(`${wrong ? 'refuses' : 'allows'} the imports of ${file}`, () => {
      const codes = reported.get(file) ?? [];
      expect(codes.length > 0).toBe(wrong);
    });
  }
});
