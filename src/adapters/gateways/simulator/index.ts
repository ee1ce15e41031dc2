export { SimulatorGateway, type SimulatorOptions, type SimulatorFault, type DirectoryEntry } from './simulator-gateway.js';
export type { InjectInput } from './send.js';
export { avatarSvg, AVATAR_KEY_PATTERN } from './avatar.js';
