// Reference peer for JcsDifferentialTests: RFC 8785 (JSON Canonicalization Scheme, June 2020,
// https://www.rfc-editor.org/rfc/rfc8785) as implemented by the npm package `canonicalize` 4.0.0.
//
// Usage: node jcs-canonicalize.mjs [file]
// Reads newline-delimited JSON documents from the file, or from stdin when no file is given, and writes one line per
// input line to stdout: the canonical form, or `!error <message>` when the line is not JSON or cannot be canonicalized.
// Empty input lines are skipped. Canonical JSON never contains a raw line feed, so line i answers document i.

import { readFile } from 'node:fs/promises';
import canonicalize from 'canonicalize';

async function readInput(path) {
  if (path) {
    return readFile(path);
  }
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function canonicalLine(line) {
  try {
    const result = canonicalize(JSON.parse(line));
    return result === undefined ? '!error no canonical form' : result;
  } catch (error) {
    return `!error ${String(error.message).replace(/[\r\n]+/g, ' ')}`;
  }
}

const text = (await readInput(process.argv[2])).toString('utf8');
const output = [];
for (const line of text.split('\n')) {
  if (line.length > 0) {
    output.push(canonicalLine(line));
  }
}
output.push('');
process.stdout.write(output.join('\n'));
