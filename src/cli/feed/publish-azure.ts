import path from 'node:path';
import { AnonymousCredential, ContainerClient, StorageRetryPolicyType, type StoragePipelineOptions } from '@azure/storage-blob';
import { AzurePublishError, describeStorageError, publishToAzure } from '../../publisher/azure-publish';
import { CliError, EXIT_OK, parseFlags, usageError, write, type Command, type Io } from '../cli-kit';
import { required } from './feed-kit';

const NAME = 'publish-azure';

const HELP = `Usage: passport-feed publish-azure --feed DIR --container-url URL [--prefix PATH] [--json]
       passport-feed publish-azure --feed DIR --container NAME [--connection-string STR]
                                   [--create-container] [--prefix PATH] [--json]

Uploads the feed folder DIR (made by "passport-feed publish") to an Azure Blob
Storage container, so kiosks sync from the container's URL (or a CDN such as
Azure Front Door in front of it) — no server of ours in the read path:

  1. every file DIR's manifest names is checked against its SHA-256;
  2. the container's current manifest is read: another feed, a newer seq, or
     another manifest with the same seq is refused (no rollback, no split);
  3. the trust list, segments and photos/ not yet in the container are
     uploaded, with Cache-Control "public, max-age=31536000, immutable" and
     their content type (application/json, application/x-ndjson,
     application/gzip for .ndjson.gz — never Content-Encoding, the hash is of
     the gzip bytes); blobs already there (metadata sha256) are skipped;
  4. manifest.jws is uploaded last, Cache-Control "no-cache", content type
     application/jose, only if the container's manifest is still the one
     read in step 2.

Nothing is ever deleted: kiosks mid-sync (and CDN edges) may still follow the
previous manifest. Run it after every "passport-feed publish"; running it
again uploads nothing.

Flags:
  --feed DIR              the feed folder to upload
  --container-url URL     the container's URL with a SAS token
                          (https://ACCOUNT.blob.core.windows.net/CONTAINER?sv=…&sig=…);
                          the token needs read, add, create, write and list
  --container NAME        the container, with a connection string from
                          --connection-string or $AZURE_STORAGE_CONNECTION_STRING
                          (prefer the variable: a flag shows in the process list)
  --connection-string STR an account connection string
  --create-container      create the container if absent, with anonymous read
                          access to blobs (what kiosks or a CDN origin need);
                          only with --container
  --prefix PATH           the feed root inside the container (default: its root)
  --json                  print {"feed","seq","previousSeq","uploaded":[…],
                          "present","manifest":"uploaded|unchanged","url"}
  --help                  this text

Kiosks sync from https://ACCOUNT.blob.core.windows.net/CONTAINER/[PREFIX/]
(or the CDN's URL for it). HTTPS_PROXY / HTTP_PROXY apply to the upload.

Exit codes: 0 published (or already current); 1 refused (a damaged folder,
a container holding another feed or a newer seq, a storage error) — the
container's manifest is left as it was; 2 used wrongly.`;

/** Retries: a few, quickly — the upload is re-runnable, and a person is waiting. */
const PIPELINE: StoragePipelineOptions = {
  retryOptions: { retryPolicyType: StorageRetryPolicyType.EXPONENTIAL, maxTries: 4, retryDelayInMs: 500, maxRetryDelayInMs: 8000 },
};

function containerFrom(values: Record<string, string | boolean | undefined>, io: Io): ContainerClient {
  const url = values['container-url'];
  const name = values.container;
  if (typeof url === 'string' && typeof name === 'string') throw usageError(`${NAME}: give --container-url or --container, not both`);
  if (typeof url === 'string') {
    if (values['create-container'] || values['connection-string']) {
      throw usageError(`${NAME}: --create-container and --connection-string go with --container, not --container-url`);
    }
    if (!/^https?:\/\//i.test(url)) throw usageError(`${NAME}: --container-url must be an http(s) URL of a container, not "${url}"`);
    try {
      return new ContainerClient(url, new AnonymousCredential(), PIPELINE);
    } catch (e) {
      throw usageError(`${NAME}: --container-url is not a container URL (${(e as Error).message})`);
    }
  }
  if (typeof name !== 'string') throw usageError(`${NAME}: --container-url URL or --container NAME is required (see --help)`);
  const conn = (values['connection-string'] as string | undefined) ?? io.env.AZURE_STORAGE_CONNECTION_STRING;
  if (!conn) throw usageError(`${NAME}: --container needs a connection string: set AZURE_STORAGE_CONNECTION_STRING (or --connection-string)`);
  try {
    return new ContainerClient(conn, name, PIPELINE);
  } catch (e) {
    throw usageError(`${NAME}: the connection string is not valid (${(e as Error).message.split('\n')[0]})`);
  }
}

/** The container URL without its SAS token, for messages. */
const publicUrl = (c: ContainerClient, prefix: string) => `${c.url.split('?')[0]!.replace(/\/$/, '')}/${prefix ? `${prefix.replace(/^\/+|\/+$/g, '')}/` : ''}`;

export const publishAzureCommand: Command = {
  name: NAME,
  summary: 'Upload a feed folder to Azure Blob Storage (manifest last, nothing deleted)',
  help: HELP,
  async run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parseFlags(
      NAME,
      argv,
      {
        feed: { type: 'string' },
        'container-url': { type: 'string' },
        container: { type: 'string' },
        'connection-string': { type: 'string' },
        'create-container': { type: 'boolean' },
        prefix: { type: 'string' },
        json: { type: 'boolean' },
      },
      false,
    );
    if (positionals.length) throw usageError(`${NAME}: unexpected argument "${positionals[0]}" (see --help)`);
    const feedDir = path.resolve(io.cwd, required(NAME, values, 'feed'));
    const container = containerFrom(values, io);
    const prefix = values.prefix ?? '';
    try {
      if (values['create-container']) {
        try {
          await container.createIfNotExists({ access: 'blob' });
        } catch (e) {
          throw new AzurePublishError(describeStorageError(e, `creating container ${container.containerName}`));
        }
      }
      const result = await publishToAzure({ feedDir, container, prefix, onProgress: values.json ? undefined : (m) => write(io.stderr, `${NAME}: ${m}`) });
      const url = publicUrl(container, prefix);
      if (values.json) write(io.stdout, JSON.stringify({ ...result, url }));
      else {
        const what = result.manifest === 'unchanged' ? 'already current' : `${result.uploaded.length} file(s) uploaded, ${result.present} already there`;
        write(io.stdout, `published ${result.feed} seq ${result.seq} to ${url} (${what}; was ${result.previousSeq ?? 'empty'})`);
      }
      return EXIT_OK;
    } catch (e) {
      if (e instanceof AzurePublishError) throw new CliError(`${NAME}: ${e.message}`);
      throw new CliError(`${NAME}: ${describeStorageError(e, 'publishing')}`);
    }
  },
};
