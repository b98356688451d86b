// Runs Electronegativity (Doyensec's Electron security checker) over what Electron loads:
// the Electron host's and preload's sources and the built renderer page (where the CSP meta
// tag lives). Every finding must be listed below with the reason it does not apply;
// anything else fails `npm test`. The report is read as SARIF: Electronegativity writes a
// CSV report's header and rows with two racing asynchronous writes, so a CSV row can come
// out overwritten by the header; its SARIF report is one write.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const explained = {
  // Our CSP is strict ('self' only, no eval, no inline); the evaluator still flags
  // script-src 'self' in general because a site's own origin may host JSONP endpoints.
  // The app's origin serves only the bundled renderer, so there is none.
  CSP_GLOBAL_CHECK: "script-src 'self' is the renderer's own bundle; latchkey:// serves nothing else",
};

const staging = mkdtempSync(join(tmpdir(), 'latchkey-electronegativity-'));
try {
  cpSync('src/main/electron', join(staging, 'electron'), { recursive: true });
  cpSync('src/main/preload', join(staging, 'preload'), { recursive: true });
  cpSync('dist/renderer/index.html', join(staging, 'renderer', 'index.html'));
  const report = join(staging, 'report.sarif');
  execFileSync(process.execPath, ['node_modules/@doyensec/electronegativity/dist/index.js', '-i', staging, '-e', '45.0.0', '-r', '-v', 'false', '-o', report], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const findings = JSON.parse(readFileSync(report, 'utf8')).runs.flatMap((run) =>
    run.results.map((result) => ({
      check: result.ruleId,
      line: `${result.ruleId} ${result.locations.map((at) => `${at.physicalLocation.artifactLocation.uri}:${at.physicalLocation.region.startLine}`).join(' ')} ${result.message.text}`,
    })),
  );
  const unexplained = findings.filter(({ check }) => !(check in explained));
  for (const { check } of findings.filter(({ check }) => check in explained)) console.log(`electronegativity: ${check} explained: ${explained[check]}`);
  if (unexplained.length > 0) {
    console.error(`electronegativity: ${unexplained.length} unexplained finding(s):`);
    for (const { line } of unexplained) console.error(`  ${line}`);
    process.exit(1);
  }
  console.log(`electronegativity: ${findings.length} finding(s), none unexplained`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
