// import-text: a .txt or .md manuscript into a section; see import-docx.ts for the shared command.

import { createManuscriptCommand } from './import-docx';

export const importTextCommand = createManuscriptCommand('import-text', 'text');
