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
 * A renderer for one project's resolver flavour: names in, file text out. The JS flavours are the
 * TypeScript template with its types stripped by the TypeScript compiler (loaded here, inside
 * `migrate` only), so every flavour runs the same code. The renderer is synchronous once made, so
 * the planner can re-render a resolver shared by several files with the union of their names.
 */
export async function jsResolverRenderer(request: JsResolverRequest): Promise<(names: readonly string[]) => string> {
  const render = (names: readonly string[]): string => renderTsResolver({ rootFromResolver: request.rootFromResolver, moduleSystem: request.moduleSystem, names });
  if (request.language === 'ts') return render;
  const { ts } = await import('ts-morph');
  return (names) => {
    const output = ts.transpileModule(render(names), {
      fileName: `${JS_RESOLVER_BASENAME}.ts`,
      compilerOptions: {
        target: ts.ScriptTarget.ES2020,
        module: request.moduleSystem === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
        removeComments: false,
        esModuleInterop: false,
      },
    }).outputText;
    return output.replace(/\n?\/\/# sourceMappingURL=.*\n?$/, '\n');
  };
}

/** The resolver source for a project that reads `names`. */
export async function renderJsResolver(request: JsResolverRequest & { names: readonly string[] }): Promise<string> {
  return (await jsResolverRenderer(request))(request.names);
}
