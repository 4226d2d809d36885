import { stat } from 'node:fs/promises';
import path from 'node:path';
import { decodeRgba } from '../../shared/barcode/decode';
import { ImageReadError, readImageFile } from '../../main/barcode/image-file';
import { EXIT_FAILED, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';

/**
 * `passport-kiosk decode-image FILE… [--json]` (spec/cli.md): decode the
 * barcode in each image with the decoder the kiosk camera uses.
 */

const NAME = 'decode-image';

const HELP = `Usage: passport-kiosk decode-image FILE… [--json]

Decodes the barcode (QR, Code 128, Code 39, PDF417, Data Matrix) in each
PNG or JPEG image with the same decoder the kiosk camera uses, and prints
each decoded text as a payload, one per file, in order, exactly as read
(never trimmed). Files in which no barcode is found are named on stderr.

Flags:
  --json   JSON Lines on stdout, one object per file, in order:
             {"file":"badge.png","text":"…","format":"QR_CODE"}
             {"file":"blank.png","error":"NOT_FOUND"}
             {"file":"notes.txt","error":"UNREADABLE","message":"…"}
  --help   this text

Exit codes:
  0  every file was read as an image, whether or not a barcode was found
     in it (a file with no barcode is reported as NOT_FOUND, not an error)
  1  a file exists but is not a readable PNG or JPEG (the other files are
     still decoded and reported)
  2  used wrongly: no FILE, an unknown flag, or a FILE that does not exist
     or is not a regular file (checked before anything is decoded)`;

/** One file's outcome, as printed with --json. */
export type DecodeImageLine =
  | { file: string; text: string; format: string }
  | { file: string; error: 'NOT_FOUND' }
  | { file: string; error: 'UNREADABLE'; message: string };

async function checkOperands(files: string[], io: Io): Promise<void> {
  for (const file of files) {
    let isFile = false;
    try {
      isFile = (await stat(path.resolve(io.cwd, file))).isFile();
    } catch {
      throw usageError(`${NAME}: ${file}: no such file (expected a PNG or JPEG image)`);
    }
    if (!isFile) throw usageError(`${NAME}: ${file}: not a regular file (expected a PNG or JPEG image)`);
  }
}

/** Decode one file into its report line; never throws for image problems. */
export async function decodeImageLine(file: string, cwd: string): Promise<DecodeImageLine> {
  try {
    const image = await readImageFile(path.resolve(cwd, file));
    const found = decodeRgba(image);
    return found ? { file, text: found.text, format: found.format } : { file, error: 'NOT_FOUND' };
  } catch (e) {
    const message = e instanceof ImageReadError ? e.message : `cannot read: ${(e as Error).message}`;
    return { file, error: 'UNREADABLE', message };
  }
}

/** The `decode-image` subcommand. */
export const decodeImageCommand: Command = {
  name: NAME,
  summary: 'Decode the barcode in PNG/JPEG images with the camera decoder',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags(NAME, argv, { json: { type: 'boolean' } });
    if (positionals.length === 0) throw usageError(`${NAME}: name at least one image FILE (see --help)`);
    await checkOperands(positionals, io);
    let exit = EXIT_OK;
    for (const file of positionals) {
      const line = await decodeImageLine(file, io.cwd);
      if ('error' in line && line.error === 'UNREADABLE') exit = EXIT_FAILED;
      if (values.json) {
        io.stdout.write(`${JSON.stringify(line)}\n`);
      } else if ('text' in line) {
        io.stdout.write(`${line.text}\n`);
      } else if (line.error === 'NOT_FOUND') {
        write(io.stderr, `${NAME}: ${file}: no barcode found`);
      } else {
        write(io.stderr, `${NAME}: ${file}: ${line.message} (expected a PNG or JPEG image)`);
      }
    }
    return exit;
  },
};
