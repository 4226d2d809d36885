#!/usr/bin/env node
'use strict';
require('../scripts/check-node.js');
// Compiled code is kept on disk between runs (in the OS temp folder, keyed by
// each file's contents), so a command does not recompile dist/ every time it
// starts; worker threads inherit it. A no-op where unsupported.
require('node:module').enableCompileCache?.();
let cli;
try {
  cli = require('../dist/src/cli/passport-feed.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND') {
    console.error('passport-feed: the project is not built (dist/ is missing). Run the set-up command: npm ci');
    process.exit(2);
  }
  throw e;
}
cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
