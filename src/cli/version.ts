import * as fs from 'fs';
import * as path from 'path';

/** Haven's version from its package.json, found upwards from this file (src/cli in the repo, dist/src/cli when built). */
export function havenVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'haven-platform' && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) throw new Error(`Haven's package.json was not found above ${from}`);
  }
}
