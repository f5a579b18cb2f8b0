import { JS_RESOLVER_BASENAME, renderTsResolver, type ModuleSystem } from './resolver-template.js';

/** Which file the project needs: TypeScript source, or plain JS in the project's module system. */
export type ResolverLanguage = 'ts' | 'js';

export interface JsResolverRequest {
  language: ResolverLanguage;
  moduleSystem: ModuleSystem;
  /** Path from the resolver's directory to the repository root, with `/`. */
  rootFromResolver: string;
}

/**
 * The resolver source for a project. The JS flavours are the TypeScript template with its types
 * stripped by the TypeScript compiler (loaded only here, inside `migrate`), so every flavour runs
 * the same code.
 */
export async function renderJsResolver(request: JsResolverRequest): Promise<string> {
  const source = renderTsResolver({ rootFromResolver: request.rootFromResolver, moduleSystem: request.moduleSystem });
  if (request.language === 'ts') return source;
  const { ts } = await import('ts-morph');
  const output = ts.transpileModule(source, {
    fileName: `${JS_RESOLVER_BASENAME}.ts`,
    compilerOptions: {
      target: ts.ScriptTarget.ES2020,
      module: request.moduleSystem === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      removeComments: false,
      esModuleInterop: false,
    },
  }).outputText;
  return output.replace(/\n?\/\/# sourceMappingURL=.*\n?$/, '\n');
}
