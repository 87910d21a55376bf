"""The one base class of the errors a clerk can cause or meet."""


class ClerkError(Exception):
    """A file that cannot be read, a database that cannot be opened, an output that cannot be
    written, a report that cannot be found: its message is a Chinese sentence that says what
    happened and what to do. The window and the command line show it as it is; anything else
    that goes wrong is a bug of ours, logged, and shown as an apology."""
