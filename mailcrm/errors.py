"""Named exceptions. The CLI turns these into one-line messages."""


class MailcrmError(Exception):
    """Base class for every error mailcrm reports to a user."""


class ConfigError(MailcrmError):
    """The configuration file is missing, malformed or invalid."""


class SecretError(MailcrmError):
    """A password or token could not be obtained."""


class ImapError(MailcrmError):
    """The IMAP server refused or failed an operation."""


class LockError(MailcrmError):
    """Another mailcrm process holds the database lock."""


class ParseError(MailcrmError):
    """A message could not be parsed at all (it is still stored raw)."""


class NotFoundError(MailcrmError):
    """A message, customer or draft named by the user does not exist."""


class DatabaseDamaged(MailcrmError):
    """The SQLite file is corrupt: restore a backup or recover it."""
