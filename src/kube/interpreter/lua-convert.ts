/**
 * JSON values to Lua and back, as Karmada's luavm does (decodeValue, then gopher-json on the way out): objects and
 * arrays become tables, null becomes nil; a table with keys 1..n comes back as an array, any other as an object.
 * An empty table is ambiguous: it comes back as EMPTY_TABLE and `settleEmptyTables` decides against the input
 * object (Karmada's convertEmptySliceToEmptyStructPartly).
 */
import type { LuaState } from 'fengari';
import { fengari } from './lua-package.js';
import type { JsonValue } from '../../model/kube.js';
import { isPlainObject } from '../plain-object.js';

/** EMPTY_TABLE stands for a Lua `{}` until the shape the input had there is known. */
export const EMPTY_TABLE: JsonValue = Object.freeze({ __emptyLuaTable: true }) as unknown as JsonValue;

// a result nested deeper than this is refused rather than walked (a table that holds itself would loop)
const MAX_DEPTH = 100;

/** pushJson pushes a JSON value (undefined and null as nil). */
export function pushJson(L: LuaState, v: JsonValue | undefined): void {
  const { lua, to_luastring: s } = fengari();
  if (v === undefined || v === null) lua.lua_pushnil(L);
  else if (typeof v === 'boolean') lua.lua_pushboolean(L, v);
  else if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) lua.lua_pushinteger(L, v);
    else lua.lua_pushnumber(L, v);
  } else if (typeof v === 'string') lua.lua_pushstring(L, s(v));
  else if (Array.isArray(v)) {
    lua.lua_createtable(L, v.length, 0);
    v.forEach((item, i) => {
      pushJson(L, item);
      lua.lua_seti(L, -2, i + 1);
    });
  } else {
    const entries = Object.entries(v);
    lua.lua_createtable(L, 0, entries.length);
    for (const [k, item] of entries) {
      if (item === undefined) continue;
      pushJson(L, item);
      lua.lua_setfield(L, -2, s(k));
    }
  }
}

/** fromLua reads the value at idx as JSON: nil is undefined, functions and other userdata are refused. */
export function fromLua(L: LuaState, idx: number, depth = 0): JsonValue | undefined {
  const { lua } = fengari();
  const t = lua.lua_type(L, idx);
  if (t === lua.LUA_TNIL || t === -1) return undefined;
  if (t === lua.LUA_TBOOLEAN) return lua.lua_toboolean(L, idx);
  if (t === lua.LUA_TNUMBER) return lua.lua_tonumber(L, idx);
  if (t === lua.LUA_TSTRING) return lua.lua_tojsstring(L, idx);
  if (t !== lua.LUA_TTABLE) throw new Error('a value that is not nil, boolean, number, string or table cannot be returned');
  if (depth > MAX_DEPTH) throw new Error(`a table nested deeper than ${MAX_DEPTH} levels cannot be returned`);
  return tableFromLua(L, idx < 0 ? lua.lua_gettop(L) + idx + 1 : idx, depth);
}

function tableFromLua(L: LuaState, idx: number, depth: number): JsonValue {
  const { lua } = fengari();
  const entries: [string | number, JsonValue][] = [];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, idx)) {
    const keyType = lua.lua_type(L, -2);
    const key = keyType === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -2) : lua.lua_tojsstring(L, -2);
    const value = fromLua(L, lua.lua_gettop(L), depth + 1);
    if (value !== undefined) entries.push([key, value]);
    lua.lua_pop(L, 1);
  }
  if (entries.length === 0) return EMPTY_TABLE;
  const isArray = entries.every(([k]) => typeof k === 'number' && Number.isInteger(k) && k >= 1 && k <= entries.length);
  if (isArray) {
    const out: JsonValue[] = new Array(entries.length);
    for (const [k, v] of entries) out[(k as number) - 1] = v;
    return out;
  }
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of entries) out[String(k)] = v;
  return out;
}

/**
 * settleEmptyTables replaces each EMPTY_TABLE of a result by what the reference held at the same path: `[]` where it
 * had an empty array, `{}` where it had an empty object; an empty table where the reference has neither is dropped
 * (an object field) or kept as `{}` (the top level and array items), as Karmada's conversion does.
 */
export function settleEmptyTables(v: JsonValue, reference: JsonValue | undefined): JsonValue {
  if (v === EMPTY_TABLE) return Array.isArray(reference) ? [] : {};
  if (Array.isArray(v)) return v.map((item, i) => settleEmptyTables(item, Array.isArray(reference) ? reference[i] : undefined));
  if (!isPlainObject(v)) return v;
  const ref = isPlainObject(reference) ? (reference as { [key: string]: JsonValue }) : {};
  const out: { [key: string]: JsonValue } = {};
  for (const [k, item] of Object.entries(v as { [key: string]: JsonValue })) {
    if (item === EMPTY_TABLE && !isEmptyShape(ref[k])) continue;
    out[k] = settleEmptyTables(item, ref[k]);
  }
  return out;
}

function isEmptyShape(v: JsonValue | undefined): boolean {
  return Array.isArray(v) ? v.length === 0 : isPlainObject(v) && Object.keys(v as object).length === 0;
}
