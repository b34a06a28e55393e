// Part of `npm run build`, after `next build`: gathers Next's standalone server into dist/web/, the form
// `rolechain serve` runs from an installed package (no build step, no dev dependencies).
//
// What Next leaves in <distDir>/standalone is not shippable as it is, so this copies only what the
// server needs:
// - server.js and <distDir>/ (the compiled app). Not the standalone's node_modules: they hold this
//   machine's native better-sqlite3; the package's own dependencies, installed with it on the user's
//   machine, are found from dist/web by Node's usual lookup. Not the project files the tracer copied
//   beside them (README, sources, tests): nothing at run time reads them.
// - <distDir>/static and public/, which Next leaves out of the standalone folder.
// - <distDir>/node_modules holds symbolic links, named with a hash, to external packages
//   (better-sqlite3, @aws-sdk/client-s3); the compiled chunks require them by those names. npm pack drops
//   symbolic links, so each becomes a one-line package that requires the real one.
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.ROLECHAIN_DIST_DIR || '.next';
const STANDALONE = join(ROOT, DIST, 'standalone');
export const WEB_OUT_DIR = join(ROOT, 'dist/web');

/** Replaces every symbolic link under `dir` by a package that requires what the link pointed to. */
function shimLinks(dir, originals) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      // The link is relative to its place in the standalone folder; what it names is a package in node_modules.
      const target = join(dirname(join(originals, relative(WEB_OUT_DIR, path))), readlinkSync(path));
      const marker = `${sep}node_modules${sep}`;
      const at = target.lastIndexOf(marker);
      if (at < 0) throw new Error(`build-web: ${path} links to ${target}, not a package`);
      const pkg = target
        .slice(at + marker.length)
        .split(sep)
        .join('/');
      rmSync(path);
      mkdirSync(path);
      const name = relative(join(WEB_OUT_DIR, DIST, 'node_modules'), path)
        .split(sep)
        .join('/');
      writeFileSync(
        join(path, 'package.json'),
        JSON.stringify({ name, private: true, main: 'index.js' }) + '\n',
      );
      writeFileSync(join(path, 'index.js'), `module.exports = require(${JSON.stringify(pkg)});\n`);
    } else if (entry.isDirectory()) shimLinks(path, originals);
  }
}

export function buildWeb() {
  if (!existsSync(join(STANDALONE, 'server.js')))
    throw new Error(
      `build-web: no ${join(DIST, 'standalone/server.js')}; next.config must say output: 'standalone'`,
    );
  rmSync(WEB_OUT_DIR, { recursive: true, force: true });
  mkdirSync(WEB_OUT_DIR, { recursive: true });
  cpSync(join(STANDALONE, 'server.js'), join(WEB_OUT_DIR, 'server.js'));
  cpSync(join(STANDALONE, DIST), join(WEB_OUT_DIR, DIST), { recursive: true, verbatimSymlinks: true });
  const links = join(WEB_OUT_DIR, DIST, 'node_modules');
  if (existsSync(links) && lstatSync(links).isDirectory()) shimLinks(links, STANDALONE);
  cpSync(join(ROOT, DIST, 'static'), join(WEB_OUT_DIR, DIST, 'static'), { recursive: true });
  if (existsSync(join(ROOT, 'public')))
    cpSync(join(ROOT, 'public'), join(WEB_OUT_DIR, 'public'), { recursive: true });
  // server.js is an ES module (this package is "type": "module"); say so here too, so it does not
  // depend on which package.json Node finds above it.
  writeFileSync(join(WEB_OUT_DIR, 'package.json'), JSON.stringify({ type: 'module', private: true }) + '\n');
  process.stderr.write(`build-web: ${basename(WEB_OUT_DIR)}/ from ${join(DIST, 'standalone')}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildWeb();
