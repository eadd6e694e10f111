"""Errors the tool reports to users as one clear line (the CLI exits 2 on these)."""


class ContradictError(Exception):
    """Base class for errors that are the user's input, not a bug in contradict."""


class InputError(ContradictError):
    """Bad input: a missing path, an empty folder, a malformed file, a file that is not text.

    The message is one line and names the file (and line, when there is one).

    Example:
        >>> raise InputError("seeds/x.jsonl:3: not valid JSON (Expecting ',' delimiter)")
    """


class ModelError(ContradictError):
    """A model could not be loaded (a name that is not installed, no network for a hub model)."""


class OutputError(ContradictError):
    """An output file that cannot be written (a missing folder, a folder given as a file, no permission).

    Checked before any work starts, so a long analysis is never run for nothing.

    Example:
        >>> raise OutputError("/no/such/dir/r.json: folder /no/such/dir does not exist")
    """


class CacheError(ContradictError):
    """The cache file cannot be changed as asked (``contradict cache clear`` on a read-only folder)."""
