// The embedded XML Schema of one service's WSDL, as the small model the edge needs: which child elements each
// element may hold, how often, and whether it is text. The request parser decodes against it (unknown elements
// and repeats are refused, lists become arrays) and the serializer writes responses in its element order.
// Only the constructs our WSDLs use are read: named and anonymous complexType/sequence, simpleType restriction.
import { SaxesParser } from 'saxes';

const xsdNamespace = 'http://www.w3.org/2001/XMLSchema';

export interface ElementDecl {
  readonly name: string;
  readonly type: TypeDecl;
  readonly minOccurs: number;
  /** Infinity for maxOccurs="unbounded". */
  readonly maxOccurs: number;
}

export type TypeDecl = ComplexType | SimpleType;

export interface ComplexType {
  readonly kind: 'complex';
  /** Child elements in sequence order; also reachable by name through `child`. */
  readonly sequence: readonly ElementDecl[];
  readonly child: ReadonlyMap<string, ElementDecl>;
}

export interface SimpleType {
  readonly kind: 'simple';
  /** The xsd built-in it restricts: string, int, long, boolean, dateTime, base64Binary. */
  readonly base: string;
}

export interface ServiceSchema {
  readonly namespace: string;
  /** Top-level element declarations: the operation wrappers, their responses, the fault details. */
  readonly elements: ReadonlyMap<string, ElementDecl>;
}

interface XmlNode {
  readonly uri: string;
  readonly local: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: XmlNode[];
  /** QName attribute values resolved at this node: type="tns:X" -> `${uri} X`. */
  readonly resolve: (qname: string) => string;
}

/** A trusted file (our own WSDL) as a tree of elements; text is not needed. */
function parseTree(text: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true, position: false });
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on('opentag', (tag) => {
    const attributes = new Map(Object.values(tag.attributes).map((a) => [a.local, a.value] as const));
    const scope = new Map<string, string>();
    for (const [prefix, uri] of Object.entries(tag.ns)) scope.set(prefix, uri);
    const parentResolve = stack.at(-1)?.resolve;
    const node: XmlNode = {
      uri: tag.uri,
      local: tag.local,
      attributes,
      children: [],
      resolve(qname) {
        const colon = qname.indexOf(':');
        const prefix = colon < 0 ? '' : qname.slice(0, colon);
        const local = qname.slice(colon + 1);
        const uri = scope.get(prefix);
        if (uri !== undefined) return `${uri} ${local}`;
        if (!parentResolve) throw new Error(`unbound prefix in ${qname}`);
        return parentResolve(qname);
      },
    };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(text).close();
  if (!root) throw new Error('empty document');
  return root;
}

const xsd = (node: XmlNode, local: string) => node.uri === xsdNamespace && node.local === local;
const childrenNamed = (node: XmlNode, local: string) => node.children.filter((c) => xsd(c, local));

/** Reads the one xsd:schema of a WSDL document. */
export function readServiceSchema(wsdlText: string): ServiceSchema {
  const definitions = parseTree(wsdlText);
  const types = definitions.children.find((c) => c.local === 'types');
  const schema = types?.children.find((c) => xsd(c, 'schema'));
  if (!schema) throw new Error('the WSDL has no embedded xsd:schema');
  const namespace = schema.attributes.get('targetNamespace') ?? '';
  if (schema.attributes.get('elementFormDefault') !== 'qualified') throw new Error('the schema must be elementFormDefault="qualified"');

  const namedComplex = new Map(childrenNamed(schema, 'complexType').map((n) => [n.attributes.get('name')!, n]));
  const namedSimple = new Map(childrenNamed(schema, 'simpleType').map((n) => [n.attributes.get('name')!, n]));
  const built = new Map<string, TypeDecl>();

  function complexFrom(node: XmlNode): ComplexType {
    const sequence = childrenNamed(node, 'sequence')[0];
    const elements = sequence ? childrenNamed(sequence, 'element').map(elementFrom) : [];
    return { kind: 'complex', sequence: elements, child: new Map(elements.map((e) => [e.name, e])) };
  }

  function typeNamed(qname: string, at: XmlNode): TypeDecl {
    const resolved = at.resolve(qname);
    const space = resolved.indexOf(' ');
    const uri = resolved.slice(0, space);
    const local = resolved.slice(space + 1);
    if (uri === xsdNamespace) return { kind: 'simple', base: local };
    if (uri !== namespace) throw new Error(`type ${qname} is outside the schema`);
    const cached = built.get(local);
    if (cached) return cached;
    const simple = namedSimple.get(local);
    if (simple) {
      const restriction = childrenNamed(simple, 'restriction')[0];
      const base = restriction?.attributes.get('base');
      if (!restriction || !base) throw new Error(`simpleType ${local} must be a restriction`);
      const type = typeNamed(base, restriction);
      built.set(local, type);
      return type;
    }
    const complex = namedComplex.get(local);
    if (!complex) throw new Error(`unknown type ${qname}`);
    // Registered before its children are read, so a recursive type would resolve (ours are not recursive).
    const type: ComplexType = { kind: 'complex', sequence: [], child: new Map() };
    built.set(local, type);
    Object.assign(type, complexFrom(complex));
    return type;
  }

  function elementFrom(node: XmlNode): ElementDecl {
    const name = node.attributes.get('name');
    if (!name) throw new Error('xsd:element without a name');
    const typeName = node.attributes.get('type');
    const anonymous = childrenNamed(node, 'complexType')[0];
    const type = typeName ? typeNamed(typeName, node) : anonymous ? complexFrom(anonymous) : undefined;
    if (!type) throw new Error(`element ${name} has no type`);
    const max = node.attributes.get('maxOccurs') ?? '1';
    return {
      name,
      type,
      minOccurs: Number(node.attributes.get('minOccurs') ?? '1'),
      maxOccurs: max === 'unbounded' ? Number.POSITIVE_INFINITY : Number(max),
    };
  }

  const elements = new Map(childrenNamed(schema, 'element').map((n) => [n.attributes.get('name')!, elementFrom(n)]));
  return { namespace, elements };
}

/** Every repeatable element under `root`, as dotted paths from it: 'message', 'message.recipient', ... */
export function listPaths(root: ElementDecl): string[] {
  const paths: string[] = [];
  const walk = (decl: ElementDecl, prefix: string, seen: ReadonlySet<TypeDecl>) => {
    if (decl.type.kind !== 'complex' || seen.has(decl.type)) return;
    for (const child of decl.type.sequence) {
      const path = prefix ? `${prefix}.${child.name}` : child.name;
      if (child.maxOccurs > 1) paths.push(path);
      walk(child, path, new Set([...seen, decl.type]));
    }
  };
  walk(root, '', new Set());
  return paths;
}
