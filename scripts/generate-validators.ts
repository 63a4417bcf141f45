// Writes src/render/load/schema-validators.ts from the vendored schemas (`npm run generate:validators`).
import { writeFileSync } from 'node:fs';
import { GENERATED_FILE, validatorsModule } from './validators-module.js';

writeFileSync(GENERATED_FILE, validatorsModule());
console.log(`wrote ${GENERATED_FILE}`);
