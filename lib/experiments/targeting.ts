import { z } from 'zod';

// A unit's attributes (what the application knows about it: country, plan …) and an
// experiment's targeting condition over them. The condition is GrowthBook's condition language
// (MongoDB-style) and is evaluated by GrowthBook's own evalCondition (lib/experiments/serving.ts),
// so a GrowthBook SDK given the same condition includes exactly the same units.

// `__proto__` would set the parsed object's prototype instead of a key.
const ATTRIBUTE_NAME = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const MAX_ATTRIBUTES = 32;
export const MAX_ATTRIBUTE_LENGTH = 256;

const attributeName = z
  .string()
  .regex(ATTRIBUTE_NAME, 'an attribute name is a letter or _ followed by letters, digits or _, at most 64 characters')
  .refine((k) => k !== 'id', "`id` is the unit's id: send it as the unit id, not as an attribute");

const attributeValue = z
  .union([z.string(), z.number(), z.boolean()], { error: 'an attribute value is a string, a number or a boolean' })
  .refine((v) => typeof v !== 'string' || v.length <= MAX_ATTRIBUTE_LENGTH, `an attribute value is at most ${MAX_ATTRIBUTE_LENGTH} characters`);

export const unitAttributes = z
  .record(attributeName, attributeValue)
  .refine((a) => Object.keys(a).length <= MAX_ATTRIBUTES, `at most ${MAX_ATTRIBUTES} attributes`)
  .describe(
    "the unit's attributes for experiment targeting, e.g. {\"country\":\"DE\",\"plan\":\"pro\"}: at most 32, names are identifiers, values strings (≤ 256 characters), numbers or booleans",
  );

export type UnitAttributes = z.infer<typeof unitAttributes>;

/** A GrowthBook condition over the unit's attributes (MongoDB-style). */
export type TargetingCondition = Record<string, unknown>;

export const MAX_CONDITION_CHARS = 4_000;
export const MAX_CONDITION_DEPTH = 8;

// GrowthBook's operators Verso evaluates, by what their argument must be.
const scalarOperators = ['$eq', '$ne'];
const orderOperators = ['$gt', '$gte', '$lt', '$lte'];
const versionOperators = ['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte'];
const listOperators = ['$in', '$nin', '$ini', '$nini'];
const varTypes = ['string', 'number', 'boolean', 'array', 'object', 'null', 'undefined'];
// GrowthBook's too, refused with the reason: Verso has no saved groups, attributes are never
// arrays, and a regular expression runs on every request where one that backtracks
// catastrophically (`(a+)+$`) would stall the serving path.
const refused: Record<string, string> = {
  $regex: 'regular expressions are not supported in targeting (one that backtracks would stall serving); use $in, $eq or the comparison operators',
  $regexi: 'regular expressions are not supported in targeting (one that backtracks would stall serving); use $ini or $in',
  $inGroup: 'saved groups are not supported: list the values with $in',
  $notInGroup: 'saved groups are not supported: list the values with $nin',
  $savedGroup: 'saved groups are not supported: write the condition out',
  $elemMatch: 'attributes are never arrays: $elemMatch matches nothing',
  $size: 'attributes are never arrays: $size matches nothing',
  $all: 'attributes are never arrays: $all matches nothing',
  $alli: 'attributes are never arrays: $alli matches nothing',
};
export const targetingOperators = [...scalarOperators, ...orderOperators, ...versionOperators, ...listOperators, '$exists', '$type', '$not'];

type Issue = (path: string, message: string) => void;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);

function checkCondition(condition: Record<string, unknown>, path: string, depth: number, issue: Issue) {
  if (depth > MAX_CONDITION_DEPTH) return issue(path, `a condition nests at most ${MAX_CONDITION_DEPTH} levels`);
  for (const [key, value] of Object.entries(condition)) {
    const here = at(path, key);
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) issue(here, `${key} takes a non-empty list of conditions`);
      else value.forEach((c, i) => checkCondition(c, `${here}.${i}`, depth + 1, issue));
    } else if (key === '$not') {
      if (!isObject(value)) issue(here, '$not takes a condition');
      else checkCondition(value, here, depth + 1, issue);
    } else if (key.startsWith('$')) {
      issue(here, refused[key] ?? `unknown operator ${key}: a condition's keys are attribute names, $and, $or, $nor or $not`);
    } else if (!ATTRIBUTE_NAME.test(key)) {
      issue(here, 'an attribute name is a letter or _ followed by letters, digits or _ (attributes are flat: no dotted paths)');
    } else {
      checkValue(value, here, depth + 1, issue);
    }
  }
}

/** What one attribute is compared with: a value (equality) or an object of operators. */
function checkValue(value: unknown, path: string, depth: number, issue: Issue) {
  if (value === null || isScalar(value)) return;
  if (depth > MAX_CONDITION_DEPTH) return issue(path, `a condition nests at most ${MAX_CONDITION_DEPTH} levels`);
  if (!isObject(value)) return issue(path, 'attributes are never lists: compare with a value or use {"$in": [...]}');
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.every((k) => k.startsWith('$'))) {
    return issue(path, 'compare an attribute with a value or with operators such as {"$in": [...]}; operators and fields cannot mix');
  }
  for (const [op, arg] of Object.entries(value)) {
    const here = `${path}.${op}`;
    if (scalarOperators.includes(op)) {
      if (!isScalar(arg)) issue(here, `${op} takes a string, number or boolean`);
    } else if (orderOperators.includes(op)) {
      if (typeof arg !== 'string' && typeof arg !== 'number') issue(here, `${op} takes a string or a number`);
    } else if (versionOperators.includes(op)) {
      if (typeof arg !== 'string') issue(here, `${op} takes a version string such as "1.2.0"`);
    } else if (listOperators.includes(op)) {
      if (!Array.isArray(arg) || !arg.every(isScalar)) issue(here, `${op} takes a list of strings, numbers or booleans`);
    } else if (op === '$exists') {
      if (typeof arg !== 'boolean') issue(here, '$exists takes true or false');
    } else if (op === '$type') {
      if (typeof arg !== 'string' || !varTypes.includes(arg)) issue(here, `$type takes one of ${varTypes.join(', ')}`);
    } else if (op === '$not') {
      checkValue(arg, here, depth + 1, issue);
    } else {
      issue(here, refused[op] ?? `unknown operator ${op}; known: ${targetingOperators.join(', ')}`);
    }
  }
}

export const targetingCondition = z
  .record(z.string().refine((k) => k !== '__proto__', 'not an attribute name'), z.unknown(), { error: 'targeting is a condition object such as {"country": {"$in": ["DE", "FR"]}}' })
  .superRefine((condition, ctx) => {
    const size = JSON.stringify(condition).length;
    if (size > MAX_CONDITION_CHARS) {
      ctx.addIssue({ code: 'custom', message: `targeting is at most ${MAX_CONDITION_CHARS.toLocaleString('en-US')} characters of JSON (this is ${size})` });
      return;
    }
    if (Object.keys(condition).length === 0) {
      ctx.addIssue({ code: 'custom', message: 'an empty condition targets everyone: send null instead' });
      return;
    }
    checkCondition(condition, '', 1, (path, message) => ctx.addIssue({ code: 'custom', path: path.split('.'), message }));
  })
  .describe(
    'GrowthBook condition (MongoDB-style) over the unit\'s attributes, e.g. {"country": {"$in": ["DE", "FR"]}, "plan": "pro"}. Operators: $eq $ne $gt $gte $lt $lte $in $nin $ini $nini $exists $type $not, version comparisons $veq $vne $vgt $vgte $vlt $vlte, and $and $or $nor $not over conditions; `id` is the unit id. Units that do not match are not in the experiment and get the label.',
  );
