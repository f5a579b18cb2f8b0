/** A real HTML parser (parse5, the WHATWG algorithm browsers use) and small queries over its tree. */
import { parse, type DefaultTreeAdapterMap } from 'parse5';

export type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

export interface ParsedPage {
  document: DefaultTreeAdapterMap['document'];
  errors: string[];
}

export function parsePage(text: string): ParsedPage {
  const errors: string[] = [];
  const document = parse(text, { onParseError: (error) => errors.push(`${error.code} at ${error.startLine}:${error.startCol}`) });
  return { document, errors };
}

export function isElement(node: Node): node is Element {
  return 'tagName' in node;
}

export function children(node: Node): Node[] {
  return 'childNodes' in node ? [...node.childNodes] : [];
}

export function findAll(root: Node, predicate: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (node: Node): void => {
    if (isElement(node) && predicate(node)) found.push(node);
    for (const child of children(node)) visit(child);
  };
  visit(root);
  return found;
}

export function byTag(root: Node, tag: string): Element[] {
  return findAll(root, (element) => element.tagName === tag);
}

export function attr(element: Element, name: string): string | undefined {
  return element.attrs.find((attribute) => attribute.name === name)?.value;
}

export function hasClass(element: Element, name: string): boolean {
  return (attr(element, 'class') ?? '').split(/\s+/).includes(name);
}

export function textOf(node: Node): string {
  if ('value' in node && node.nodeName === '#text') return node.value;
  return children(node).map(textOf).join('');
}

export function ancestor(node: Element, tag: string): Element | undefined {
  let current: Node | null = node.parentNode as Node | null;
  while (current) {
    if (isElement(current) && current.tagName === tag) return current;
    current = (current as Element).parentNode as Node | null;
  }
  return undefined;
}

export function byId(root: Node, id: string): Element | undefined {
  return findAll(root, (element) => attr(element, 'id') === id)[0];
}
