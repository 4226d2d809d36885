import { describeZodError } from '../../core/schemas/common';
import { readerConfigSchema, type ReaderConfig } from '../../core/readers/profile';

/**
 * The machine config keeps `readers` as opaque JSON (its schema belongs to
 * this module). Parse it here, naming the entry and field that is wrong.
 */
export function parseReadersConfig(readers: readonly unknown[], where = 'config'): ReaderConfig[] {
  return readers.map((r, i) => {
    const parsed = readerConfigSchema.safeParse(r);
    if (!parsed.success) throw new Error(describeZodError(`${where}: readers[${i}]`, parsed.error));
    return parsed.data;
  });
}
