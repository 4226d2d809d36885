import type { RecordsMigration } from './index';

/**
 * Schema 3: the kiosk's identity and the upstream outbox (upstream.md).
 *
 * - `kiosk_identity`: one row, made on first use: the kiosk id (fixed when
 *   made), the Ed25519 key pair as JWK text (the private key never leaves
 *   this file), and `last_seq`, the last event seq handed out. Seqs live
 *   here, not in `outbox`, because delivered events are deleted and a seq
 *   is never reused.
 * - `outbox`: events waiting to be delivered, oldest first by `seq`.
 *   `payload` is the exact JSON text that is signed; `jws` is filled by the
 *   first delivery attempt (signing is asynchronous, so it cannot happen in
 *   the transaction that makes the event; Ed25519 is deterministic, so the
 *   same payload always gives the same JWS). `state` `rejected` with `code`
 *   holds an event until IT asks again (`outbox retry`).
 * - `outbox_status`: one row: the last delivery attempt and its error, the
 *   back-off (`failures`, `next_try_at`), the last checkpoint made and the
 *   last one the receiver acknowledged (the audit purge stops there,
 *   operations.md "Retention").
 */
export const m003Outbox: RecordsMigration = {
  version: 3,
  name: '003-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE kiosk_identity (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        kiosk_id TEXT NOT NULL,
        public_jwk TEXT NOT NULL,
        private_jwk TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
      );

      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY CHECK (seq >= 1),
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL CHECK (type IN ('arrival', 'mark', 'close', 'checkpoint')),
        at TEXT NOT NULL,
        payload TEXT NOT NULL,
        jws TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'rejected')),
        code TEXT,
        CHECK ((state = 'rejected') = (code IS NOT NULL))
      );
      CREATE INDEX outbox_by_state ON outbox (state, seq);

      CREATE TABLE outbox_status (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_try_at TEXT,
        last_ok INTEGER CHECK (last_ok IN (0, 1)),
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_try_at TEXT,
        checkpoint_seq INTEGER,
        checkpoint_hash TEXT,
        acked_checkpoint_seq INTEGER,
        acked_checkpoint_hash TEXT
      );
      INSERT INTO outbox_status (id) VALUES (1);
    `);
  },
};
