// Requests generated for a plan, for holding the SQL backend to the engine (spec §34.5): members
// with birth and enrolment dates, the plan's listed groups and every declared attribute; claims in
// the plan's years and settings with its flags, fractional yuan and round amounts (half-fen ties
// come from ratios), dates that tie, and items from the plan's catalogues (and codes in none) with
// the categories the plan names. Every record is valid, so the engine rejects nothing.
import fc from 'fast-check';
import type { IrExpr, PlanIR } from '../engine/ir/plan';

type Rec = Record<string, unknown>;
export interface GenRequest { members: Rec[]; claims: Rec[] }

/** Yuan with up to two decimals, from 0 to 400,000, often round. */
// Large and small amounts alike: a deductible or a band edge of a few thousand yuan is crossed often.
const fen = fc.oneof(fc.integer({ min: 0, max: 40_000_000 }), fc.integer({ min: 0, max: 4_000 }).map((n) => n * 10_000), fc.integer({ min: 0, max: 300 }).map((n) => n * 100), fc.integer({ min: 0, max: 2_000_000 }));
const yuan = (f: number) => (f / 100).toFixed(2);

/** The text constants a plan compares with (item categories, codes, attribute values). */
function texts(ir: PlanIR): string[] {
  const out = new Set<string>();
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const e = v as IrExpr;
      if (e.kind === 'text') out.add(e.value);
      Object.values(v).forEach(walk);
    }
  };
  walk([ir.benefits, ir.exclusions, ir.groups, ir.tilts]);
  return [...out];
}

/** The years the plan's dates name (validity, date steps), at most three, or 2024–2025. */
export function planYears(ir: PlanIR): number[] {
  const ys = [...JSON.stringify({ h: ir.header.valid, p: ir.params, b: ir.benefits }).matchAll(/"(\d{4})-\d\d-\d\d"/g)].map((m) => Number(m[1]));
  if (!ys.length) return [2024, 2025];
  const lo = Math.min(...ys);
  const hi = Math.min(Math.max(...ys), lo + 2);
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

function attrValue(a: PlanIR['attributes'][number], words: string[]): fc.Arbitrary<unknown> {
  switch (a.type) {
    case 'boolean': return fc.boolean();
    case 'enum': return fc.constantFrom(...a.values!);
    case 'money': return fen.map(yuan);
    // Numbers are factors and counts: a few hundred at most, with decimals.
    case 'number': return fc.integer({ min: 0, max: 30_000 }).map((n) => (n / 100).toFixed(2));
    case 'date': return fc.constantFrom('2010-05-31', '2024-02-29', '2025-01-01');
    default: return fc.constantFrom(...words, 'X00');
  }
}

const attrs = (list: PlanIR['attributes'], words: string[]) =>
  list.length ? fc.record(Object.fromEntries(list.map((a) => [a.name, attrValue(a, words)]))) : fc.constant(undefined);

export function requests(ir: PlanIR, opts: { minClaims?: number; maxClaims?: number } = {}): fc.Arbitrary<GenRequest> {
  const words = texts(ir);
  const codes = [...new Set([...ir.catalogues.flatMap((c) => c.versions.flatMap((v) => v.codes.slice(0, 4))), ...words, 'ZZ-NONE'])];
  const years = planYears(ir);
  const y0 = years[0]!;
  // 29 February where the year has one (birthdays and anniversaries on it fall on the 28th in other years).
  const feb29 = (y: number) => (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? `${y}-02-29` : `${y}-02-28`);
  const member = fc.record({
    birth: fc.constantFrom(`${y0 - 70}-03-01`, `${y0 - 30}-06-15`, feb29(y0 - 16), `${y0 - 3}-12-31`),
    enrolled: fc.constantFrom(`${y0 - 8}-01-01`, `${y0 - 1}-03-01`, feb29(y0), `${y0}-07-01`),
    groups: fc.subarray(ir.groups.filter((g) => g.listed).map((g) => g.name)),
    attributes: attrs(ir.attributes, words),
  });
  const item = fc.record({ code: fc.constantFrom(...codes), class: fc.constantFrom('in', 'out'), amount: fen, category: fc.option(fc.constantFrom(...words, 'drug'), { nil: undefined }) });
  const claim = fc.record({
    member: fc.integer({ min: 0, max: 5 }), year: fc.constantFrom(...years), month: fc.constantFrom(1, 3, 7, 12), day: fc.constantFrom(1, 2, 28),
    setting: fc.constantFrom(...ir.settings.map((s) => s.id)), ip: fen, op: fen, ol: fen,
    flags: fc.option(fc.subarray(ir.flags.map((f) => f.id), { maxLength: 2 }), { nil: undefined, freq: 2 }),
    attributes: attrs(ir.claimAttributes, words),
    items: fc.array(item, { maxLength: 3 }),
  });
  return fc.record({ members: fc.array(member, { minLength: 6, maxLength: 6 }), claims: fc.array(claim, { minLength: opts.minClaims ?? 1, maxLength: opts.maxClaims ?? 40 }) }).map(({ members, claims }) => ({
    members: members.map((m, i) => ({ id: `m${i}`, birthDate: m.birth, enrolledSince: m.enrolled, ...(m.groups.length ? { groups: m.groups } : {}), ...(m.attributes ? { attributes: m.attributes } : {}) })),
    claims: claims.map((c, i) => {
      // Items hold at most their class's total: what they tag is part of the claim.
      const sum = (cls: string) => c.items.filter((x) => x.class === cls).reduce((s, x) => s + x.amount, 0);
      // With `items complete`, the items of a claim that has any are all of it.
      const total = (cls: string, rest: number) => (ir.header.itemsComplete && c.items.length ? sum(cls) : rest + sum(cls));
      return {
        id: `c${String(i).padStart(2, '0')}`, member: `m${c.member}`, date: `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`,
        setting: c.setting, inPolicySelfPay: yuan(total('in', c.ip)), outOfPolicySelfPay: yuan(total('out', c.op)), overLimitSelfPay: yuan(c.ol),
        ...(c.flags ? { flags: c.flags } : {}), ...(c.attributes ? { attributes: c.attributes } : {}),
        ...(c.items.length ? { items: c.items.map((x) => ({ code: x.code, class: x.class, amount: yuan(x.amount), ...(x.category ? { category: x.category } : {}) })) } : {}),
      };
    }),
  }));
}
