#!/usr/bin/env node
'use strict';
require('../scripts/check-node.js');
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
