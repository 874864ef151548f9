// SPDX-License-Identifier: MIT
// Runs the npm mojibake fixer fix-latin1-to-utf8 over JSON strings, one
// per line on stdin, and prints the fixed strings the same way.  Used by
// bench/fix/accuracy.py; the module is resolved from NODE_PATH.
"use strict";
const fix = require("fix-latin1-to-utf8");
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const out = [];
for (const line of lines) {
	if (line === "") {
		continue;
	}
	out.push(JSON.stringify(fix(JSON.parse(line))));
}
process.stdout.write(out.join("\n") + "\n");
