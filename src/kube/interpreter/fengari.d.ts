// The part of fengari 0.1.5's API the Lua sandbox uses (the package ships no types).
declare module 'fengari' {
  /** LuaState is an opaque Lua thread. */
  export type LuaState = { readonly __luaState: unique symbol };
  /** LuaString is fengari's byte string. */
  export type LuaString = Uint8Array;
  type JsFunction = (L: LuaState) => number;
  export const lua: {
    LUA_OK: number; LUA_MULTRET: number; LUA_MASKCOUNT: number; LUA_REGISTRYINDEX: number;
    LUA_TNIL: number; LUA_TBOOLEAN: number; LUA_TNUMBER: number; LUA_TSTRING: number; LUA_TTABLE: number; LUA_TFUNCTION: number;
    lua_sethook(L: LuaState, f: ((L: LuaState, ar: unknown) => void) | null, mask: number, count: number): void;
    lua_settop(L: LuaState, idx: number): void;
    lua_gettop(L: LuaState): number;
    lua_pop(L: LuaState, n: number): void;
    lua_pushnil(L: LuaState): void;
    lua_pushboolean(L: LuaState, b: boolean): void;
    lua_pushnumber(L: LuaState, n: number): void;
    lua_pushinteger(L: LuaState, n: number): void;
    lua_pushstring(L: LuaState, s: LuaString): void;
    lua_pushjsfunction(L: LuaState, f: JsFunction): void;
    lua_pushvalue(L: LuaState, idx: number): void;
    lua_createtable(L: LuaState, narr: number, nrec: number): void;
    lua_setfield(L: LuaState, idx: number, k: LuaString): void;
    lua_getfield(L: LuaState, idx: number, k: LuaString): number;
    lua_seti(L: LuaState, idx: number, n: number): void;
    lua_rawlen(L: LuaState, idx: number): number;
    lua_next(L: LuaState, idx: number): boolean;
    lua_type(L: LuaState, idx: number): number;
    lua_toboolean(L: LuaState, idx: number): boolean;
    lua_tonumber(L: LuaState, idx: number): number;
    lua_isinteger(L: LuaState, idx: number): boolean;
    lua_tojsstring(L: LuaState, idx: number): string;
    lua_setglobal(L: LuaState, name: LuaString): void;
    lua_getglobal(L: LuaState, name: LuaString): number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, errfunc: number): number;
    lua_close(L: LuaState): void;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_requiref(L: LuaState, name: LuaString, open: JsFunction, global: number): void;
    luaL_loadbuffer(L: LuaState, buff: LuaString, size: number | null, name: LuaString): number;
    luaL_error(L: LuaState, fmt: LuaString): never;
    luaL_checkinteger(L: LuaState, idx: number): number;
    luaL_checklstring(L: LuaState, idx: number): LuaString;
  };
  export const lualib: {
    luaopen_base: JsFunction; luaopen_string: JsFunction; luaopen_table: JsFunction; luaopen_math: JsFunction;
  };
  export function to_luastring(s: string): LuaString;
  export function to_jsstring(s: LuaString): string;
}
