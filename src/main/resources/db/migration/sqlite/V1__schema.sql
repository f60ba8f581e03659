-- Schema of the DataDump store (SQLite). Times are Unix epoch milliseconds.

CREATE TABLE admins (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  name              VARCHAR(255) NOT NULL UNIQUE,
  customers_see_all INTEGER NOT NULL DEFAULT 0,
  api_allowed       INTEGER NOT NULL DEFAULT 1,
  created           BIGINT NOT NULL
);

CREATE TABLE customers (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  loginname    VARCHAR(255) NOT NULL UNIQUE,
  documentroot VARCHAR(4096) NOT NULL,
  uid          INTEGER NOT NULL,
  gid          INTEGER NOT NULL,
  admin_id     BIGINT NOT NULL REFERENCES admins (id),
  deactivated  INTEGER NOT NULL DEFAULT 0,
  api_allowed  INTEGER NOT NULL DEFAULT 1,
  node         VARCHAR(255) NOT NULL DEFAULT 'default',
  created      BIGINT NOT NULL
);

CREATE TABLE database_servers (
  id            INTEGER PRIMARY KEY,
  defaults_file VARCHAR(4096) NOT NULL
);

CREATE TABLE customer_databases (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  name        VARCHAR(64) NOT NULL,
  server_id   INTEGER NOT NULL,
  UNIQUE (server_id, name)
);

CREATE TABLE mail_accounts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id BIGINT NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  homedir     VARCHAR(4096) NOT NULL,
  maildir     VARCHAR(4096) NOT NULL
);

CREATE TABLE api_keys (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  apikey       VARCHAR(128) NOT NULL UNIQUE,
  secret_hash  VARCHAR(128) NOT NULL,
  admin_id     BIGINT REFERENCES admins (id) ON DELETE CASCADE,
  customer_id  BIGINT REFERENCES customers (id) ON DELETE CASCADE,
  valid_until  BIGINT,
  allowed_from VARCHAR(4096) NOT NULL DEFAULT '',
  created      BIGINT NOT NULL
);

CREATE TABLE settings (
  name  VARCHAR(255) PRIMARY KEY,
  value VARCHAR(4096) NOT NULL
);

INSERT INTO settings (name, value) VALUES ('api.enabled', '1');
INSERT INTO settings (name, value) VALUES ('system.exportenabled', '1');
INSERT INTO settings (name, value) VALUES ('panel.customer_hide_options', '');

CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id      BIGINT NOT NULL REFERENCES customers (id),
  -- Equal to customer_id while the job is planned or running, NULL afterwards:
  -- the unique index allows one unfinished job per customer.
  active_customer  BIGINT,
  node             VARCHAR(255) NOT NULL,
  path             VARCHAR(4096) NOT NULL,
  destdir          VARCHAR(8192) NOT NULL,
  pgp_public_key   TEXT,
  dump_dbs         INTEGER NOT NULL,
  dump_mail        INTEGER NOT NULL,
  dump_web         INTEGER NOT NULL,
  status           VARCHAR(16) NOT NULL,
  created          BIGINT NOT NULL,
  started          BIGINT,
  finished         BIGINT,
  attempts         INTEGER NOT NULL DEFAULT 0,
  worker           VARCHAR(255),
  lease_until      BIGINT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  archive          VARCHAR(4096),
  size             BIGINT,
  sha256           VARCHAR(64),
  warnings         TEXT,
  error            TEXT
);

CREATE UNIQUE INDEX jobs_one_active_per_customer ON jobs (active_customer);
CREATE INDEX jobs_status_node ON jobs (status, node);
CREATE INDEX jobs_customer ON jobs (customer_id);
