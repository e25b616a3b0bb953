// A plan's own request schema (`yibao schema PLAN`): the engine's request schema narrowed to what
// this plan knows and reads — the member fields settling its claims needs, its settings and flags
// by every spelling, its member and claim attributes with their types.
import type { CompiledPlan } from '../compile/plan';
import type { Ty } from '../ir/types';
import { requestSchema } from '../request/schemas';

type Json = Record<string, unknown>;

/** The JSON Schema of a declared attribute's value, as request validation accepts it. */
function valueSchema(t: Ty): Json {
  switch (t.k) {
    case 'enum': return { enum: [...t.values] };
    case 'bool': return { type: 'boolean' };
    case 'number':
    case 'money': return { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' }] };
    case 'date': return { $ref: '#/definitions/date' };
    default: return { type: 'string', maxLength: 200 };
  }
}

function attributesSchema(declared: CompiledPlan['attributes'], generic: Json): Json {
  const properties = Object.fromEntries([...declared.values()].map((a) => [a.name, valueSchema(a.type)]));
  // Attributes the plan does not declare are ignored, so they stay allowed.
  return { ...generic, properties };
}

export function planRequestSchema(plan: CompiledPlan): Json {
  const schema = structuredClone(requestSchema) as unknown as Json & { definitions: Record<string, Json & { properties: Record<string, Json>; required: string[] }> };
  const { member, claim } = schema.definitions;
  member.required = ['id', ...plan.needs.claims.map((n) => n.field)];
  member.description = [
    ...plan.needs.claims.map((n) => `${n.field} is required: ${n.rule.en} reads it (line ${n.rule.range.start.line}).`),
    ...plan.needs.premium.filter((n) => !plan.needs.claims.some((c) => c.field === n.field)).map((n) => `${n.field} is needed for premiums only: ${n.rule.en} reads it.`),
  ].join(' ') || 'This plan reads neither birthDate nor enrolledSince.';
  member.properties.attributes = attributesSchema(plan.attributes, member.properties.attributes!);
  claim.properties.attributes = attributesSchema(plan.claimAttributes, claim.properties.attributes!);
  claim.properties.setting = { enum: [...plan.settings.keys()] };
  claim.properties.flags = { ...claim.properties.flags, items: { enum: [...plan.flags.keys()] } };
  // The engine's schema has an $id of its own; this one is the plan's.
  delete schema.$id;
  return { ...schema, title: `Request for ${plan.header.name}`, description: `An evaluation request for the plan "${plan.header.name}" (${plan.file}).` };
}
