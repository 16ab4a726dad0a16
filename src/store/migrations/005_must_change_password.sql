-- 005: a password someone else set (an administrator adding an account or
-- resetting its password, or the command line) is temporary: its user must
-- choose their own at the next sign-in before reaching anything else, so the
-- person who set it cannot go on signing in as them. Accounts that existed
-- before this migration keep the passwords they have.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
