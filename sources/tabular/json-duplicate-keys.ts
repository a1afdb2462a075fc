/**
 * JSON.parse keeps the last of two equal keys in an object without a word, so a page whose row
 * says "Base" twice would be read with whichever value came last. This scanner finds the first
 * key that appears twice in one object, with its place, so the reader can refuse the file. It
 * runs on text JSON.parse has accepted, so it only follows strings and nesting, not the grammar.
 */

export interface DuplicateKey {
  key: string;
  /** 1-based line of the second occurrence. */
  line: number;
  /**
   * 1-based position of the object among its array's object and array elements (the rows of a
   * page), when it is in an array.
   */
  element?: number;
}

interface Frame {
  object: boolean;
  keys: Set<string>;
  expectKey: boolean;
  /** Elements begun so far, for an array. */
  elements: number;
  /** The object's own position in its parent array. */
  element: number | undefined;
}

/** The first key repeated within one object of valid JSON text, or undefined. */
export function findDuplicateKey(text: string): DuplicateKey | undefined {
  const stack: Frame[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 0x0a) line++;
    else if (c === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22)
        j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (top?.object && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) {
          return top.element === undefined ? { key, line } : { key, line, element: top.element };
        }
        top.keys.add(key);
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      // An array's element count moves on at each value it begins.
      let element: number | undefined;
      if (top && !top.object) element = ++top.elements;
      stack.push({ object: c === 0x7b, keys: new Set(), expectKey: true, elements: 0, element });
    } else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x2c && top?.object) top.expectKey = true;
  }
  return undefined;
}
