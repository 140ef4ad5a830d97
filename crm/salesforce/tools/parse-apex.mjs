// Parses every Apex class (.cls) and trigger (.trigger) under the given folder (default: the SFDX project) and
// exits 1 on any syntax error, printing file:line:column and the parser's message. CI has no Salesforce org,
// so this is what stops Apex that could not deploy from being merged.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ApexErrorListener, ApexParserFactory } from "@apexdevtools/apex-parser";

class CollectingListener extends ApexErrorListener {
  errors = [];

  apexSyntaxError(line, column, message) {
    // ANTLR lists every token it could have taken; the first 200 characters say enough.
    this.errors.push(`${line}:${column} ${message.length > 200 ? message.slice(0, 200) + "…" : message}`);
  }
}

function apexFiles(folder) {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (["node_modules", "bin", "obj"].includes(name) || name.startsWith(".")) return [];
    if (statSync(path).isDirectory()) return apexFiles(path);
    return name.endsWith(".cls") || name.endsWith(".trigger") ? [path] : [];
  });
}

export function parseFile(path) {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(readFileSync(path, "utf8"), listener);
  if (path.endsWith(".trigger")) parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const root = resolve(process.argv[2] ?? join(here, ".."));
const files = apexFiles(root);
let failed = 0;
for (const file of files) {
  for (const error of parseFile(file)) {
    console.error(`${relative(process.cwd(), file)}:${error}`);
    failed++;
  }
}

if (files.length === 0) {
  console.error(`No .cls or .trigger file under ${root}; point the tool at an SFDX project.`);
  process.exit(1);
}
console.log(`apex-parser: ${files.length} file(s), ${failed} syntax error(s)`);
process.exit(failed === 0 ? 0 : 1);
