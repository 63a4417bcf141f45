// Copies the built-in ResourceInterpreterCustomizations (YAML data beside src/kube/interpreter/builtin.ts) into
// dist/, which tsc does not do: the built module reads them from its own folder.
import { cpSync } from 'node:fs';

cpSync('src/kube/interpreter/customizations', 'dist/kube/interpreter/customizations', { recursive: true });
