// Before `npm install` and `npm start`: one clear line when Node.js is too old (the code runs as
// TypeScript through Node's type stripping, which 22.18 brought; npm's "engines" only warns).
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `lagebot needs Node.js 22.18 or newer (24 LTS recommended), this is ${process.version}: install it from your distribution or nodejs.org, or use \`eval "$(bash scripts/ensure-node.sh)"\` (Node 24 from the npm registry).\n`,
  );
  process.exit(1);
}
