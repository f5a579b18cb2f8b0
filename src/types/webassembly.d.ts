// Node has WebAssembly as a global, but @types/node 20 does not declare it and the DOM library
// would bring in far more than this project uses: the few members byte-kernels.ts needs.
declare namespace WebAssembly {
  // An opaque compiled module: only passed on to Instance.
  interface Module {
    readonly compiledModule: unique symbol;
  }
  const Module: new (bytes: Uint8Array) => Module;
  class Instance {
    constructor(module: Module, imports: Record<string, unknown>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  class Global {
    value: unknown;
  }
}
