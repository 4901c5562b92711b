-- The workbook's binder seal: one RSA key and its self-signed X.509 certificate, made on
-- the first binder export and used to sign every binder after it. The file is encrypted
-- as a whole, so the private key is as protected as the rest of the workbook. The change
-- log records the row with each blob as its SHA-256, so the certificate's fingerprint is
-- in the log and the key itself never is.
CREATE TABLE signing_key (
    id            TEXT PRIMARY KEY CHECK (id = 'binder'),
    algorithm     TEXT NOT NULL CHECK (algorithm = 'rsa-2048-pkcs1v15-sha256'),
    private_key   BLOB NOT NULL,     -- PKCS#8 DER
    certificate   BLOB NOT NULL,     -- X.509 DER, self-signed
    fingerprint   TEXT NOT NULL,     -- SHA-256 of the certificate, lower-case hex
    subject       TEXT NOT NULL,
    created_at    TEXT NOT NULL
) STRICT;

-- Binders already sent out are checked against this certificate: it never changes.
CREATE TRIGGER signing_key_no_update BEFORE UPDATE ON signing_key
BEGIN SELECT RAISE(ABORT, 'The binder signing key of a workbook never changes.'); END;

CREATE TRIGGER signing_key_no_delete BEFORE DELETE ON signing_key
BEGIN SELECT RAISE(ABORT, 'The binder signing key of a workbook never changes.'); END;
