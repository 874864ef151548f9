#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the npm peers of the romanization benchmark into
# bench/romanize/node_modules (ignored by git).  Versions measured in
# docs/romanize.md: es-hangul 2.4.0, hangul-romanization 1.0.1,
# aromanize 0.1.5.
set -e
cd "$(dirname "$0")"
npm install --no-save --no-audit --no-fund --prefix . \
	es-hangul@2.4.0 hangul-romanization@1.0.1 aromanize@0.1.5
