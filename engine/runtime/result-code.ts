// A result program (result-bytes.ts) as one generated function. writeRecord interprets the ops: at
// each one it calls that op's own getter, so its call sites see every getter of the list and the
// compiler can inline none. Here each op is a line of code of its own, with its getter at a call
// site of its own; a constant piece (keys, braces, separators) is stores of its 32-bit words,
// numbers written into the code; lists are loops in place. The getters, the benefits' pieces (their
// names and labels) and anything else of the program reach the code as parameters, never as source
// text. Where code may not be generated, the interpreter writes: the two write the same bytes
// (test/result-code.test.ts, test/result-model.test.ts).
import { codeGeneration } from './claim-code';
import { LIST, MONEY, NONE, Op, OTHER, Piece, TEXT, writeOther, writeRecord, type ByteWriter, type ResultProgram } from './result-bytes';

export type RecordWriter = (w: ByteWriter, s: unknown, row: number) => void;

/** Writes records as `program` does, generated when it may be, else through the interpreter. */
export function recordWriter(program: ResultProgram): RecordWriter {
  const interpreted: RecordWriter = (w, s, row) => writeRecord(w, program, s, row);
  if (!codeGeneration()) return interpreted;
  // Stryker disable next-line ArrayDeclaration: a value more at the start only moves every name's number along
  const values: unknown[] = [];
  const source = opsSource(program, 's', 'row', 0, values);
  const unpack = values.map((_, k) => `V${k} = V[${k}]`).join(', ');
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the program's values are parameters, never source text
    const factory = new Function('writeOther', 'V', `"use strict"; const ${unpack};\nreturn function writeResult(w, s, row) {\n${source}};`);
    return factory(writeOther, values) as RecordWriter;
  } catch (e) {
    // A page whose Content-Security-Policy forbids generated code: the interpreter writes.
    if (e instanceof EvalError) return interpreted;
    throw e;
  }
}

/** A value handed to the code: its name there. */
const param = (values: unknown[], x: unknown) => `V${values.push(x) - 1}`;

/** The code of `ops` writing record `s`, row `row` (names in the code); `depth` names a list's loop. */
function opsSource(ops: readonly Op[], s: string, row: string, depth: number, values: unknown[]): string {
  const v = (x: unknown) => param(values, x);
  let code = '';
  for (const op of ops) {
    // As writeRecord: every op but OTHER has its text before it.
    if (op.table !== undefined) code += `w.piece(${v(op.table)}[${v(op.row)}(${s}, ${row})]);\n`;
    else if (op.code !== OTHER) code += constant(op.before!);
    if (op.code === MONEY) code += `w.fen(${v(op.get)}(${s}, ${row}));\n`;
    else if (op.code === TEXT) code += `w.json(${v(op.get)}(${s}, ${row}));\n`;
    else if (op.code === LIST) code += listSource(op.list!, s, depth, values);
    else if (op.code !== NONE) code += `writeOther(w, ${v(op)}, ${v(op.get)}(${s}, ${row}));\n`;
  }
  return code;
}

/** A constant piece as stores of its words and bytes, written out in the code. */
function constant(p: Piece): string {
  let code = `{\nconst p = w.reserve(${p.length}), d = w.view;\n`;
  p.words.forEach((x, i) => (code += `d.setUint32(p + ${i * 4}, ${x}, true);\n`));
  p.tail.forEach((x, i) => (code += `d.setUint8(p + ${p.words.length * 4 + i}, ${x});\n`));
  return code + `w.pos = p + ${p.length};\n}\n`;
}

function listSource(l: NonNullable<Op['list']>, s: string, depth: number, values: unknown[]): string {
  const [rows, n, i] = [`rows${depth}`, `n${depth}`, `i${depth}`];
  const body = opsSource(l.ops, rows, i, depth + 1, values);
  return `{\nconst ${rows} = ${param(values, l.rows)}(${s}), ${n} = ${param(values, l.count)}(${rows});\nfor (let ${i} = 0; ${i} < ${n}; ${i}++) {\nif (${i} > 0) w.byte(0x2c);\n${body}}\n}\n`;
}
