import type { InterpreterCustomization } from '../../model/interpreter.js';
import type { JsonValue } from '../../model/kube.js';
import { readCustomization } from '../../kube/interpreter/customization.js';
import { compileLua, LuaError } from '../../kube/interpreter/lua-vm.js';
import type { FieldReader } from './field-reader.js';

/**
 * readInterpreterCustomization reads a ResourceInterpreterCustomization as configuration: each invalid field and
 * each script Lua cannot compile is an error at its file:line, and the customization is then left out whole.
 */
export function readInterpreterCustomization(r: FieldReader): InterpreterCustomization | undefined {
  const { customization, problems } = readCustomization(r.doc.object as { [key: string]: JsonValue }, r.doc.source, (path) => r.doc.lineOf(path));
  for (const p of problems) r.error(p.path, p.message);
  if (!customization) return undefined;
  let ok = true;
  for (const [op, s] of Object.entries(customization.scripts)) {
    try {
      compileLua(s.script, s.source.file);
    } catch (err) {
      if (!(err instanceof LuaError)) throw err;
      r.error(['spec', 'customizations', op, 'luaScript'], `${op}.luaScript does not compile: ${err.message.replace(/^[^]*?:(\d+):/, (_, n: string) => `line ${s.source.line + Number(n) - 1}:`)}`);
      ok = false;
    }
  }
  return ok ? customization : undefined;
}
