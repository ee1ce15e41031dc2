import fs from 'node:fs';
import path from 'node:path';
import type { FileBoxStatic, MemoryCardConstructor, PuppetConstructor, WechatyBuilderLike, WechatyModules } from './types.js';

/**
 * Loads Wechaty and the chosen puppet on demand. They are not dependencies of wxdesk (about
 * 166 MB with gRPC and native modules), so `npm ci` never installs them; when one is missing
 * the error says exactly what to install. Versions live in one place: packages.json here.
 */

interface PackageList {
  core: Record<string, string>;
  puppets: Record<string, string>;
}

export const PACKAGES: PackageList = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'packages.json'), 'utf8')) as PackageList;

// An npm package name, so WECHATY_PUPPET can never name a file path to import.
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** `name@version` for every package GATEWAY=wechaty needs with this puppet. */
export function installSpecs(puppetName: string): string[] {
  const specs = Object.entries(PACKAGES.core).map(([name, version]) => `${name}@${version}`);
  const version = PACKAGES.puppets[puppetName];
  // wechaty itself depends on these two; naming them again pins the tested version.
  specs.push(version ? `${puppetName}@${version}` : puppetName);
  return specs;
}

export function installCommand(puppetName: string): string {
  return `npm install --no-save --ignore-scripts ${installSpecs(puppetName).join(' ')}`;
}

export class WechatyMissingError extends Error {
  constructor(
    readonly missing: string,
    readonly puppetName: string,
    cause: unknown,
  ) {
    super(
      [
        `GATEWAY=wechaty needs the package "${missing}", which is not installed: Wechaty and its puppets are kept out of the default install.`,
        'Install them (they are not saved to package.json; run it again after every npm ci):',
        `  ${installCommand(puppetName)}`,
        `or: npm run install:wechaty -- ${puppetName}`,
      ].join('\n'),
      { cause },
    );
    this.name = 'WechatyMissingError';
  }
}

/** Imports a package by a name held in a variable, so type-checking never needs it installed. */
async function importPackage(name: string, puppetName: string): Promise<Record<string, unknown>> {
  try {
    return (await import(name)) as Record<string, unknown>;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      // The missing one may be a dependency of `name` (a broken install): name the one Node named.
      const named = /Cannot find (?:package|module) '([^']+)'/.exec(String((err as Error).message))?.[1];
      const missing = named && !named.startsWith('/') && !named.startsWith('.') ? named : name;
      throw new WechatyMissingError(missing, puppetName, err);
    }
    throw err;
  }
}

function pick<T>(mod: Record<string, unknown>, names: string[], what: string): T {
  for (const n of names) if (mod[n] && (typeof mod[n] === 'function' || typeof mod[n] === 'object')) return mod[n] as T;
  throw new Error(
    `${what}: the installed package exports no ${names.join(' or ')}; install the tested versions with npm run install:wechaty`,
  );
}

/** Loads wechaty, memory-card, file-box and the puppet package named by WECHATY_PUPPET. */
export async function loadWechaty(puppetName: string): Promise<WechatyModules> {
  if (!PACKAGE_NAME.test(puppetName)) throw new Error(`WECHATY_PUPPET: not an npm package name: ${JSON.stringify(puppetName)}`);
  const wechaty = await importPackage('wechaty', puppetName);
  const memoryCard = await importPackage('memory-card', puppetName);
  const fileBox = await importPackage('file-box', puppetName);
  const puppet = await importPackage(puppetName, puppetName);
  const Puppet =
    typeof puppet.default === 'function'
      ? (puppet.default as PuppetConstructor)
      : pick<PuppetConstructor>(
          puppet,
          Object.keys(puppet).filter((k) => k.startsWith('Puppet')),
          puppetName,
        );
  return {
    WechatyBuilder: pick<WechatyBuilderLike>(wechaty, ['WechatyBuilder'], 'wechaty'),
    MemoryCard: pick<MemoryCardConstructor>(memoryCard, ['MemoryCard'], 'memory-card'),
    FileBox: pick<FileBoxStatic>(fileBox, ['FileBox'], 'file-box'),
    Puppet,
    puppetName,
  };
}
