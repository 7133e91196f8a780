// Load client for ingest-compare.sh: posts pre-signed batches (one compact JWS per line, one file per device) to
// POST /tenants/{t}/observations, one worker per device so that each device's sequence stays in order, all devices at
// once. Counts only what the service acknowledged as accepted (its answer comes after the batch committed).
// Usage: node ingest-post.mjs <base> <tenant> <file>...   Prints: readings/s, batches/s, p50/p99 (ms), accepted, failures.
// With VERIFY_DUPLICATES=1 it then re-sends each device's first batch and expects every reading back as a duplicate.
import {readFileSync} from 'node:fs';

const [base, tenant, ...files] = process.argv.slice(2);
const url = `${base}/tenants/${tenant}/observations`;
const devices = files.map(f => readFileSync(f, 'utf8').split('\n').filter(l => l.length > 0));
const post = body => fetch(url, {method: 'POST', headers: {'content-type': 'application/jose'}, body});

let accepted = 0, failures = 0;
const latencies = [];
const started = performance.now();
await Promise.all(devices.map(async batches => {
  for (const jws of batches) {
    const t0 = performance.now();
    const response = await post(jws);
    const answer = await response.json();
    latencies.push(performance.now() - t0);
    if (response.status === 200 && answer.rejected === 0) {
      accepted += answer.accepted;
    } else {
      failures++;
      if (failures <= 3) console.error(`HTTP ${response.status}: ${JSON.stringify(answer).slice(0, 400)}`);
    }
  }
}));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = p => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
console.log(`readings_per_s ${(accepted / seconds).toFixed(0)} batches_per_s ${(latencies.length / seconds).toFixed(1)} p50_ms ${pct(0.5)} p99_ms ${pct(0.99)} accepted ${accepted} failures ${failures} seconds ${seconds.toFixed(2)}`);

if (process.env.VERIFY_DUPLICATES === '1') {
  let duplicates = 0;
  for (const batches of devices) duplicates += (await (await post(batches[0])).json()).duplicates;
  const expected = devices.reduce((n, b) => n + JSON.parse(Buffer.from(b[0].split('.')[1], 'base64url')).entry.length, 0);
  console.log(`resent_first_batches duplicates ${duplicates} of ${expected}`);
  if (duplicates !== expected) process.exitCode = 1;
}
if (failures > 0) process.exitCode = 1;
