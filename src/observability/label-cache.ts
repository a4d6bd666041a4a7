type Key = string | number;
type Node = Map<Key, unknown>;

/**
 * Children of one prom-client metric, cached by their label values in nested Maps: prom-client's labels() builds
 * a label object and hashes it on every call, which the request path should not pay. Values must already be
 * bounded (routes, configured models, providers, statuses): the cache keeps every combination it saw.
 */
export class LabelCache<Child> {
  private readonly root: Node = new Map();

  constructor(private readonly create: (values: string[]) => Child) {}

  /** The child for these label values, in the metric's labelNames order (one to four of them). */
  get(a: Key, b?: Key, c?: Key, d?: Key): Child {
    // The key array is built only on a miss (once per combination).
    return this.lookup(a, b, c, d) ?? this.insert([a, b, c, d].filter((key): key is Key => key !== undefined));
  }

  private lookup(a: Key, b?: Key, c?: Key, d?: Key): Child | undefined {
    let node: unknown = this.root.get(a);
    if (b !== undefined) node = (node as Node | undefined)?.get(b);
    if (c !== undefined) node = (node as Node | undefined)?.get(c);
    if (d !== undefined) node = (node as Node | undefined)?.get(d);
    return node as Child | undefined;
  }

  private insert(keys: Key[]): Child {
    const child = this.create(keys.map(String));
    let node = this.root;
    for (const key of keys.slice(0, -1)) {
      let next = node.get(key) as Node | undefined;
      if (next === undefined) node.set(key, (next = new Map()));
      node = next;
    }
    node.set(keys.at(-1)!, child);
    return child;
  }
}
