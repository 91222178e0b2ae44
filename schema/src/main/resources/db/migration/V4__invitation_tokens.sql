-- Invitations are accepted with a single-use token sent by e-mail (and shown once to the inviter). Only the
-- lower-case hex SHA-256 of the token is stored, as for API keys. No code created invitations before this
-- migration, so the column can be required at once.
ALTER TABLE invitations ADD COLUMN token_hash TEXT NOT NULL;
ALTER TABLE invitations ADD CONSTRAINT invitations_token_hash_unique UNIQUE (token_hash);
ALTER TABLE invitations ADD CONSTRAINT invitations_token_hash_shape CHECK (token_hash ~ '^[0-9a-f]{64}$');
