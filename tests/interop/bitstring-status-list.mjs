// Reference peer for BitstringStatusListInteropTests: W3C Bitstring Status List v1.0 (W3C Recommendation,
// 15 May 2025), §3.3 Bitstring Generation and §3.4 Bitstring Expansion,
// https://www.w3.org/TR/vc-bitstring-status-list/, as implemented by @digitalbazaar/vc-bitstring-status-list 2.0.1
// (over @digitalbazaar/bitstring and pako).
//
// Usage: node bitstring-status-list.mjs decode  < {"encodedList": "u..."}
//        node bitstring-status-list.mjs create  < {"size": 131072, "setIndexes": [0, 7, 94567]}
// `decode` prints {"size": n, "setIndexes": [...]} (ascending) or {"error": "..."} when the peer rejects the input;
// `create` prints {"encodedList": "u..."}.

import {createList, decodeList} from '@digitalbazaar/vc-bitstring-status-list';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function decode({encodedList}) {
  let list;
  try {
    list = await decodeList({encodedList});
  } catch(e) {
    return {error: e.message};
  }
  const setIndexes = [];
  for(let index = 0; index < list.length; index++) {
    if(list.getStatus(index)) {
      setIndexes.push(index);
    }
  }
  return {size: list.length, setIndexes};
}

async function create({size, setIndexes}) {
  const list = await createList({length: size});
  for(const index of setIndexes) {
    list.setStatus(index, true);
  }
  return {encodedList: await list.encode()};
}

const command = process.argv[2];
const input = await readStdin();
if(command === 'decode') {
  process.stdout.write(JSON.stringify(await decode(input)));
} else if(command === 'create') {
  process.stdout.write(JSON.stringify(await create(input)));
} else {
  process.stderr.write('usage: node bitstring-status-list.mjs decode|create < input.json\n');
  process.exit(2);
}
