/**
 * The Lua sandbox of the resource interpreter (Karmada's luavm, on fengari): only the base, string, table and math
 * libraries, the unsafe base functions replaced by errors as Karmada does, `require` answering only "kube", text
 * chunks only (no bytecode), an instruction budget and a memory cap checked by a count hook. Synchronous.
 */
import { getHeapStatistics } from 'node:v8';
import type { LuaState } from 'fengari';
import { fengari } from './lua-package.js';
import type { JsonValue } from '../../model/kube.js';
import { fromLua, pushJson } from './lua-convert.js';
import { KUBE_LIBRARY } from './kube-lib.js';

/** LuaLimits bound one call into a script. */
export interface LuaLimits {
  /** Lua VM instructions per call */
  instructions: number;
  /** growth of the process's heap (JS heap and external buffers) during one call, in bytes */
  memoryBytes: number;
}

/** DEFAULT_LIMITS: far above what an interpretation script needs, far below what hurts the reconciler. */
export const DEFAULT_LIMITS: LuaLimits = { instructions: 2_000_000, memoryBytes: 64 * 1024 * 1024 };

// instructions between two checks of the budget and the heap: one concatenation can double a string, so the
// check comes every few instructions (a heap reading costs about half a microsecond)
const HOOK_EVERY = 8;
// string.rep is one instruction however long its result: it is checked on its own
const MAX_REP_BYTES = 16 * 1024 * 1024;

// the base functions Karmada's luavm replaces with an error (luavm/lua.go setLib)
const DISABLED = ['collectgarbage', 'dofile', 'getfenv', 'getmetatable', 'load', 'loadfile', 'loadstring', 'rawequal', 'rawget', 'rawset', 'setfenv', 'setmetatable', 'module', 'newproxy'];

/** LuaScript is one compiled script: a fresh state holding its global functions. */
export interface LuaScript {
  /** call runs a global function of the script; the results are JSON values (undefined for nil) */
  call(fn: string, args: readonly (JsonValue | undefined)[], nResults: number): (JsonValue | undefined)[];
  /** has says whether the script defines the global function */
  has(fn: string): boolean;
}

/** LuaError is a script's failure: its message, with the chunk's name and line as Lua reports them. */
export class LuaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LuaError';
  }
}

function openLibraries(L: LuaState): void {
  const { lauxlib, lua, lualib, to_luastring: s } = fengari();
  for (const [name, open] of [['_G', lualib.luaopen_base], ['string', lualib.luaopen_string], ['table', lualib.luaopen_table], ['math', lualib.luaopen_math]] as const) {
    lauxlib.luaL_requiref(L, s(name), open, 1);
    lua.lua_pop(L, 1);
  }
  for (const name of DISABLED) {
    lua.lua_pushjsfunction(L, (S) => lauxlib.luaL_error(S, s(`call function ${name} is not supported in the resource interpreter`)));
    lua.lua_setglobal(L, s(name));
  }
  lua.lua_getglobal(L, s('string'));
  lua.lua_getfield(L, -1, s('rep'));
  lua.lua_pop(L, 1);
  lua.lua_pushjsfunction(L, guardedRep);
  lua.lua_setfield(L, -2, s('rep'));
  lua.lua_pop(L, 1);
  lua.lua_pushjsfunction(L, requireKube);
  lua.lua_setglobal(L, s('require'));
}

/** guardedRep is string.rep with its result's length bounded before it is built. */
function guardedRep(L: LuaState): number {
  const { lauxlib, lua, to_luastring: s } = fengari();
  const text = lauxlib.luaL_checklstring(L, 1);
  const n = lauxlib.luaL_checkinteger(L, 2);
  const sep = lua.lua_gettop(L) >= 3 ? lauxlib.luaL_checklstring(L, 3) : new Uint8Array(0);
  if (n <= 0) {
    lua.lua_pushstring(L, new Uint8Array(0));
    return 1;
  }
  const total = text.length * n + sep.length * (n - 1);
  if (total > MAX_REP_BYTES) lauxlib.luaL_error(L, s(`string.rep: a result of ${total} bytes passes the limit of ${MAX_REP_BYTES}`));
  const out = new Uint8Array(total);
  for (let i = 0, at = 0; i < n; i++) {
    out.set(text, at);
    at += text.length;
    if (i < n - 1) {
      out.set(sep, at);
      at += sep.length;
    }
  }
  lua.lua_pushstring(L, out);
  return 1;
}

function requireKube(L: LuaState): number {
  const { lauxlib, lua, to_luastring: s } = fengari();
  const name = lua.lua_tojsstring(L, 1);
  if (name !== 'kube') lauxlib.luaL_error(L, s(`module '${name}' not found: only "kube" can be required`));
  lua.lua_createtable(L, 0, Object.keys(KUBE_LIBRARY).length);
  for (const [fn, impl] of Object.entries(KUBE_LIBRARY)) {
    lua.lua_pushjsfunction(L, (S) => {
      const args: (JsonValue | undefined)[] = [];
      for (let i = 1; i <= lua.lua_gettop(S); i++) args.push(fromLua(S, i));
      let result: JsonValue | undefined;
      try {
        result = impl(args);
      } catch (err) {
        lauxlib.luaL_error(S, s(`kube.${fn}: ${(err as Error).message}`));
      }
      pushJson(S, result);
      return 1;
    });
    lua.lua_setfield(L, -2, s(fn));
  }
  return 1;
}

/** compileLua loads a script's text (never bytecode) into a fresh sandbox and runs its top level. Throws LuaError. */
export function compileLua(source: string, chunkName: string, limits: LuaLimits = DEFAULT_LIMITS): LuaScript {
  const { lauxlib, lua, to_luastring: s } = fengari();
  const L = lauxlib.luaL_newstate();
  openLibraries(L);
  const code = s(source);
  if (code[0] === 0x1b) throw new LuaError(`${chunkName}: a precompiled chunk is refused; give the script as text`);
  if (lauxlib.luaL_loadbuffer(L, code, null, s(`=${chunkName}`)) !== lua.LUA_OK) throw new LuaError(popMessage(L));
  guardedCall(L, 0, 0, limits);
  return {
    has: (fn) => {
      const t = lua.lua_getglobal(L, s(fn));
      lua.lua_pop(L, 1);
      return t === lua.LUA_TFUNCTION;
    },
    call: (fn, args, nResults) => {
      lua.lua_settop(L, 0);
      if (lua.lua_getglobal(L, s(fn)) !== lua.LUA_TFUNCTION) throw new LuaError(`${chunkName}: the script defines no function ${fn}`);
      for (const a of args) pushJson(L, a);
      guardedCall(L, args.length, nResults, limits);
      const out: (JsonValue | undefined)[] = [];
      for (let i = 1; i <= nResults; i++) out.push(fromLua(L, i));
      lua.lua_settop(L, 0);
      return out;
    },
  };
}

/** guardedCall is lua_pcall under the count hook that enforces the budget and the memory cap. */
function guardedCall(L: LuaState, nArgs: number, nResults: number, limits: LuaLimits): void {
  const { lauxlib, lua, to_luastring: s } = fengari();
  const heapAtStart = heapBytes();
  let steps = 0;
  lua.lua_sethook(L, (S) => {
    steps += HOOK_EVERY;
    if (steps > limits.instructions) lauxlib.luaL_error(S, s(`the script ran past its budget of ${limits.instructions} instructions`));
    const grown = heapBytes() - heapAtStart;
    if (grown > limits.memoryBytes) lauxlib.luaL_error(S, s(`the script allocated past its limit of ${Math.round(limits.memoryBytes / 1048576)} MiB`));
  }, lua.LUA_MASKCOUNT, HOOK_EVERY);
  const status = lua.lua_pcall(L, nArgs, nResults, 0);
  lua.lua_sethook(L, null, 0, 0);
  if (status !== lua.LUA_OK) throw new LuaError(popMessage(L));
}

function heapBytes(): number {
  const h = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
  return h.used_heap_size + (h.external_memory ?? 0);
}

function popMessage(L: LuaState): string {
  const { lua } = fengari();
  const message = lua.lua_type(L, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -1) : 'error object is not a string';
  lua.lua_settop(L, 0);
  return message;
}
