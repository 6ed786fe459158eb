import type { TargetingCondition, UnitAttributes } from './types.js';

// GrowthBook's condition evaluator (mongrule, @growthbook/growthbook 1.8), for the operators
// Verso accepts in targeting (lib/experiments/targeting.ts validates conditions on save):
// $eq $ne $gt $gte $lt $lte $in $nin $ini $nini $exists $type $not, the version comparisons
// $veq … $vlte, and $and $or $nor $not over conditions, with GrowthBook's exact semantics
// (string equality by `value + ''`, numbers by `value * 1`, …). Verso refuses $regex, saved groups
// and the array operators on save; should one reach the SDK anyway it matches nobody, as
// GrowthBook treats an operator it does not know. tests/unit/sdk-targeting.test.ts holds this
// equal to GrowthBook's own evalCondition.

type Json = unknown;

/** Whether the unit takes part, with `id` set to the unit id as GrowthBook's hashAttribute. */
export function isTargeted(condition: TargetingCondition | null, unitId: string | undefined, attributes: UnitAttributes = {}): boolean {
  if (!condition) return true;
  return evalCondition(unitId === undefined ? attributes : { ...attributes, id: unitId }, condition);
}

export function evalCondition(obj: Record<string, Json>, condition: Record<string, Json>): boolean {
  for (const [key, value] of Object.entries(condition)) {
    switch (key) {
      case '$or':
        if (!evalOr(obj, value)) return false;
        break;
      case '$nor':
        if (evalOr(obj, value)) return false;
        break;
      case '$and':
        if (!evalAnd(obj, value)) return false;
        break;
      case '$not':
        if (evalCondition(obj, value as Record<string, Json>)) return false;
        break;
      case '$savedGroup':
        return false;
      default:
        if (!evalConditionValue(value, getPath(obj, key))) return false;
    }
  }
  return true;
}

function getPath(obj: unknown, path: string): Json {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (current && typeof current === 'object' && part in current) current = (current as Record<string, unknown>)[part];
    else return null;
  }
  return current;
}

const isOperatorObject = (obj: object) => {
  const keys = Object.keys(obj);
  return keys.length > 0 && keys.every((k) => k[0] === '$');
};

function evalConditionValue(condition: Json, value: Json): boolean {
  if (typeof condition === 'string') return (value as string) + '' === condition;
  if (typeof condition === 'number') return (value as number) * 1 === condition;
  if (typeof condition === 'boolean') return value !== null && !!value === condition;
  if (condition === null) return value === null;
  if (Array.isArray(condition) || typeof condition !== 'object' || !isOperatorObject(condition)) {
    return JSON.stringify(value) === JSON.stringify(condition);
  }
  for (const op in condition) if (!evalOperator(op, value, (condition as Record<string, Json>)[op])) return false;
  return true;
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return ['string', 'number', 'boolean', 'object', 'undefined'].includes(t) ? t : 'unknown';
}

function isIn(actual: Json, expected: Json[], insensitive = false): boolean {
  if (!insensitive) return Array.isArray(actual) ? actual.some((el) => expected.includes(el)) : expected.includes(actual);
  const fold = (v: Json) => (typeof v === 'string' ? v.toLowerCase() : v);
  if (Array.isArray(actual)) return actual.some((el) => expected.some((exp) => fold(el) === fold(exp)));
  return expected.some((exp) => fold(actual) === fold(exp));
}

/** GrowthBook's paddedVersionString: "v1.2.3-rc.1+b" → comparable string. */
export function paddedVersionString(input: Json): string {
  const given = typeof input === 'number' ? input + '' : input;
  const text = given && typeof given === 'string' ? given : '0';
  const parts = text.replace(/(^v|\+.*$)/g, '').split(/[-.]/);
  if (parts.length === 3) parts.push('~');
  return parts.map((v) => (/^[0-9]+$/.test(v) ? v.padStart(5, ' ') : v)).join('-');
}

function evalOperator(op: string, actual: Json, expected: Json): boolean {
  // GrowthBook compares with JavaScript's own operators on whatever the attribute is.
  const a = actual as number;
  const e = expected as number;
  switch (op) {
    case '$veq':
      return paddedVersionString(actual) === paddedVersionString(expected);
    case '$vne':
      return paddedVersionString(actual) !== paddedVersionString(expected);
    case '$vgt':
      return paddedVersionString(actual) > paddedVersionString(expected);
    case '$vgte':
      return paddedVersionString(actual) >= paddedVersionString(expected);
    case '$vlt':
      return paddedVersionString(actual) < paddedVersionString(expected);
    case '$vlte':
      return paddedVersionString(actual) <= paddedVersionString(expected);
    case '$eq':
      return actual === expected;
    case '$ne':
      return actual !== expected;
    case '$lt':
      return a < e;
    case '$lte':
      return a <= e;
    case '$gt':
      return a > e;
    case '$gte':
      return a >= e;
    case '$exists':
      return expected ? actual != null : actual == null;
    case '$in':
      return Array.isArray(expected) && isIn(actual, expected);
    case '$ini':
      return Array.isArray(expected) && isIn(actual, expected, true);
    case '$nin':
      return Array.isArray(expected) && !isIn(actual, expected);
    case '$nini':
      return Array.isArray(expected) && !isIn(actual, expected, true);
    case '$not':
      return !evalConditionValue(expected, actual);
    case '$type':
      return typeOf(actual) === expected;
    default:
      // $regex, groups, array operators: refused by Verso on save; never a match here.
      return false;
  }
}

function evalOr(obj: Record<string, Json>, conditions: Json): boolean {
  if (!Array.isArray(conditions)) return false;
  if (conditions.length === 0) return true;
  return conditions.some((c) => evalCondition(obj, c as Record<string, Json>));
}

function evalAnd(obj: Record<string, Json>, conditions: Json): boolean {
  if (!Array.isArray(conditions)) return false;
  return conditions.every((c) => evalCondition(obj, c as Record<string, Json>));
}
