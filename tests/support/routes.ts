import fs from 'node:fs';
import path from 'node:path';
import { HTTP_METHODS, isGeneratedHandler } from '@/lib/api/methods';

/**
 * `methods`: what the file serves (its operations); `exported`: every method it exports,
 * including the 405 answers and OPTIONS that lib/api/methods.ts makes for the rest.
 */
export type RouteFile = { file: string; openApiPath: string; methods: string[]; exported: string[] };

const SERVED = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every route.ts under app/api/v1 (or `root`), with its path in OpenAPI form and its methods. */
export async function discoverRoutes(root = path.resolve('app/api/v1')): Promise<RouteFile[]> {
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => path.basename(f) === 'route.ts').sort();
  return Promise.all(
    files.map(async (file) => {
      const route = (await import(path.join(root, file))) as Record<string, unknown>;
      const full = path.join(root, file);
      const dir = path.dirname(path.relative(path.resolve('app'), full)).split(path.sep).join('/');
      const exported = HTTP_METHODS.filter((m) => typeof route[m] === 'function');
      return {
        file: path.relative(process.cwd(), full),
        openApiPath: `/${dir}`.replace(/\[(\w+)\]/g, '{$1}'),
        methods: exported.filter((m) => SERVED.includes(m) && !isGeneratedHandler(route[m])),
        exported,
      };
    }),
  );
}
