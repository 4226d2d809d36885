/**
 * `npm run bench`: every benchmark section, in order, printing the figures
 * the issues name. Each section is its own file; `BENCH=name,name` runs a
 * subset (e.g. `BENCH=core npm run bench`).
 */
import { sections } from './sections';

async function main(): Promise<void> {
  const only = process.env.BENCH?.split(',').map((s) => s.trim()).filter(Boolean);
  console.log(`passport-kiosk benchmarks — Node ${process.versions.node}, ${new Date().toISOString()}`);
  for (const section of sections) {
    if (only && !only.includes(section.name)) continue;
    console.log(`\n## ${section.title}`);
    await section.run();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
