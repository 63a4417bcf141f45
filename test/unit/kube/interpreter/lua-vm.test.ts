import { describe, expect, it } from 'vitest';
import { compileLua, LuaError } from '../../../../src/kube/interpreter/lua-vm.js';
import { settleEmptyTables, EMPTY_TABLE } from '../../../../src/kube/interpreter/lua-convert.js';

const LIMITS = { instructions: 200_000, memoryBytes: 32 * 1024 * 1024 };
const run = (body: string, args: unknown[] = []) => compileLua(`function F(a, b)\n${body}\nend`, 'test.lua', LIMITS).call('F', args as never[], 1)[0];

describe('Lua sandbox', () => {
  it.each<[string, string]>([
    ['an endless loop stops at the instruction budget', 'while true do end'],
    ['a string doubled without end stops at the memory cap', 'local s = "x" while true do s = s .. s end'],
    ['a table grown without end stops at the memory cap or the budget', 'local t = {} local i = 0 while true do i = i + 1 t[i] = {i, "abcdefgh" .. i} end'],
    ['string.rep past its limit is refused before it is built', 'return string.rep("x", 1e9)'],
  ])('%s, with a clear error', (_rule, body) => {
    expect(() => run(body)).toThrow(/ran past its budget of 200000 instructions|allocated past its limit of 32 MiB|string.rep: a result of/);
  });

  it('the state is usable after a script hit its limit', () => {
    const script = compileLua('function Loop() while true do end end\nfunction One() return 1 end', 'test.lua', LIMITS);
    expect(() => script.call('Loop', [], 1)).toThrow(LuaError);
    expect(script.call('One', [], 1)).toEqual([1]);
  });

  it.each(['io', 'os', 'package', 'debug', 'dofile("x")', 'loadfile("x")', 'require("os")', 'load("return 1")', 'setmetatable({}, {})', 'collectgarbage()'])('%s is not available', (expr) => {
    expect(() => run(`local x = ${expr}\nif x == nil then error("absent") end\nreturn x`)).toThrow(LuaError);
  });

  it('a precompiled chunk is refused', () => {
    expect(() => compileLua('\x1bLua', 'test.lua')).toThrow(/precompiled chunk is refused/);
  });

  it('errors name the chunk and the line', () => {
    expect(() => run('local x = 1\nerror("boom")')).toThrow(/^test.lua:3: boom/);
  });
});

describe('Lua conversion', () => {
  it.each<[string, string, unknown[], unknown]>([
    ['an object comes back as an object', 'return a', [{ x: 1, y: 'z', t: true }], { x: 1, y: 'z', t: true }],
    ['an array comes back as an array', 'return a', [[1, 2, 3]], [1, 2, 3]],
    ['null goes in as nil', 'return a == nil', [null], true],
    ['a sparse table is an object with string keys', 'return {[1] = "a", [3] = "c"}', [], { 1: 'a', 3: 'c' }],
    ['a fractional number stays fractional', 'return a / 2', [3], 1.5],
  ])('%s', (_rule, body, args, expected) => {
    expect(run(body, args)).toEqual(expected);
  });

  it.each<[string, unknown, unknown, unknown]>([
    ['an empty table where the input had an empty object is {}', { a: EMPTY_TABLE }, { a: {} }, { a: {} }],
    ['an empty table where the input had an empty array is []', { a: EMPTY_TABLE }, { a: [] }, { a: [] }],
    ['an empty table where the input had nothing is dropped', { a: EMPTY_TABLE, b: 1 }, {}, { b: 1 }],
    ['an empty table at the top is {}', EMPTY_TABLE, undefined, {}],
  ])('%s (Karmada convertEmptySliceToEmptyStructPartly)', (_rule, value, reference, expected) => {
    expect(settleEmptyTables(value as never, reference as never)).toEqual(expected);
  });
});
