"""The project's exceptions: library code raises these, the CLI and API turn
them into messages and status codes."""

from __future__ import annotations


class LagebildError(Exception):
    """Base class of every error Lagebild raises on purpose."""


class InputError(LagebildError):
    """A document or file cannot be read: empty, binary, wrong encoding, malformed."""


class UnknownLanguageError(LagebildError):
    """No language pack exists for the language asked for or detected."""


class ResourceError(LagebildError):
    """A language resource file is missing or does not match its schema."""


class ModelNotFoundError(LagebildError):
    """A trained model that a language pack needs is not installed."""


class FetchError(LagebildError):
    """A remote source could not be fetched (HTTP error, timeout, robots.txt)."""
