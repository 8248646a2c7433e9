import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * Small typed marshallers: @aws-sdk/util-dynamodb is not a dependency, and the item shapes are few
 * and fixed, so each codec says exactly which DynamoDB type every field has.
 */
export type Item = Record<string, AttributeValue>;

export const S = (value: string): AttributeValue => ({ S: value });
export const N = (value: number): AttributeValue => {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return { N: String(value) };
};
export const BOOL = (value: boolean): AttributeValue => ({ BOOL: value });
export const NULL: AttributeValue = { NULL: true };
export const optS = (value: string | null): AttributeValue => (value === null ? NULL : S(value));
export const optN = (value: number | null): AttributeValue => (value === null ? NULL : N(value));
export const M = (value: Item): AttributeValue => ({ M: value });
export const L = (values: AttributeValue[]): AttributeValue => ({ L: values });

/** Thrown when a stored item does not have the shape its codec expects. */
export class ItemShapeError extends Error {
  override name = "ItemShapeError";
}

function field(item: Item, name: string): AttributeValue {
  const value = item[name];
  if (value === undefined) throw new ItemShapeError(`missing attribute ${name}`);
  return value;
}

export function str(item: Item, name: string): string {
  const value = field(item, name);
  if (value.S === undefined) throw new ItemShapeError(`attribute ${name} is not a string`);
  return value.S;
}

export function num(item: Item, name: string): number {
  const value = field(item, name);
  if (value.N === undefined) throw new ItemShapeError(`attribute ${name} is not a number`);
  return Number(value.N);
}

export function bool(item: Item, name: string): boolean {
  const value = field(item, name);
  if (value.BOOL === undefined) throw new ItemShapeError(`attribute ${name} is not a boolean`);
  return value.BOOL;
}

/** A nullable string: NULL or absent both read as null. */
export function optStr(item: Item, name: string): string | null {
  const value = item[name];
  if (value === undefined || value.NULL) return null;
  return str(item, name);
}

export function optNum(item: Item, name: string): number | null {
  const value = item[name];
  if (value === undefined || value.NULL) return null;
  return num(item, name);
}

export function map(item: Item, name: string): Item {
  const value = field(item, name);
  if (value.M === undefined) throw new ItemShapeError(`attribute ${name} is not a map`);
  return value.M;
}

export function list(item: Item, name: string): AttributeValue[] {
  const value = field(item, name);
  if (value.L === undefined) throw new ItemShapeError(`attribute ${name} is not a list`);
  return value.L;
}

/** Narrows a stored string to one of a closed set of words. */
export function oneOf<T extends string>(item: Item, name: string, words: readonly T[]): T {
  const value = str(item, name);
  if (!(words as readonly string[]).includes(value)) {
    throw new ItemShapeError(`attribute ${name} has unexpected value ${JSON.stringify(value)}`);
  }
  return value as T;
}
