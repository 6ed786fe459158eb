import fs from 'node:fs';
import path from 'node:path';

export type RouteFile = { file: string; openApiPath: string; methods: string[] };

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Every route.ts under app/api/v1, with its path in OpenAPI form and the methods it exports. */
export async function discoverRoutes(root = path.resolve('app/api/v1')): Promise<RouteFile[]> {
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'route.ts').sort();
  return Promise.all(
    files.map(async (file) => {
      const route = (await import(path.join(root, file))) as Record<string, unknown>;
      const dir = path.dirname(file) === '.' ? '' : `/${path.dirname(file).split(path.sep).join('/')}`;
      return {
        file: path.join('app/api/v1', file),
        openApiPath: `/api/v1${dir}`.replace(/\[(\w+)\]/g, '{$1}'),
        methods: Object.keys(route).filter((k) => METHODS.includes(k)),
      };
    }),
  );
}
