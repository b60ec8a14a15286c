import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseDocument, type Document } from 'yaml';
import { copyExampleFiles, EXAMPLES } from '../helpers';

/** A fresh temporary directory for one test. */
export function tmpDir(prefix = 'haven-diff-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Copies an example spec into `dir` as `file`, unchanged: the BASE of a diff. */
export function copyExample(example: string, dir: string, file = `${example}.yaml`): string {
  const target = path.join(dir, file);
  fs.copyFileSync(path.join(EXAMPLES, `${example}.yaml`), target);
  copyExampleFiles(dir);
  return target;
}

/** Edits a spec file in place with the yaml Document API, so comments and layout survive like a hand edit. */
export function editSpec(file: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(fs.readFileSync(file, 'utf8'));
  edit(doc);
  fs.writeFileSync(file, doc.toString());
  return file;
}

/** An example copied to `dir` under `file` and edited: the NEW side of a diff. */
export function editedExample(example: string, dir: string, file: string, edit: (doc: Document) => void): string {
  return editSpec(copyExample(example, dir, file), edit);
}
