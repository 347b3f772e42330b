// Entry of `npm run web` (bundled by scripts/run-node.mjs); main.ts stays importable by tests.
import { main } from './main';

void main();
