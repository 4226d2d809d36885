#!/usr/bin/env node
// Every project script must run on Node >= 22.13 (better-sqlite3 13's N-API
// prebuilds crash on Node 20, and require(esm) is needed for jose). The `node`
// devDependency puts a Node 22 binary in node_modules/.bin, which npm puts
// first on PATH for every script; this check catches a PATH that bypasses it.
'use strict';
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `passport-kiosk: Node ${process.versions.node} at ${process.execPath} is too old; ` +
      'Node >= 22.13 is needed. Run scripts through npm (npm test, npx passport-kiosk) ' +
      'so that node_modules/.bin/node (installed by `npm ci`) is used.',
  );
  process.exit(2);
}
