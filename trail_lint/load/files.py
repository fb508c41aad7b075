"""Files -> bytes -> text: what the loader and the positions read again share (below both)."""
from __future__ import annotations

import json
import os
import stat
import zlib

from trail_lint.load.base import Limits, LoadError
from trail_lint.model import Position

_BINARY_PROBE = 8192


# O_NONBLOCK: a named pipe is opened without waiting for a writer (and then refused, as is any
# other file that is not regular); O_BINARY: no newline translation on Windows.
READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
CHUNK = 1024 * 1024  # how much of a large file is read at a time
# A JSON text shorter than this is searched for positions as text, its containers passed by json's C
# scanner, which builds their values (json_positions); a longer one by pattern, which builds none, and
# as the bytes it is read as when it is ASCII (reread: one copy held).
SCANNED_CHARS = 1024 * 1024


def read_bytes(path: str, limits: Limits, listed: bool = False) -> bytes:
    """The bytes of the regular file ``path``: a stat, one open, one fstat (what it is, how large)
    and a read of that size (a snapshot is tens of thousands of small files: no buffered file
    object around the descriptor). The stat before the open keeps a device named on the command
    line from being opened at all (opening some devices acts on them); ``listed``: the path was
    found as a regular file in its directory's listing (discover), which answered that already.
    The fstat after the open answers for the file actually opened."""
    try:
        if not listed:
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise LoadError(_not_regular(mode))
        fd = os.open(path, READ_FLAGS)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(_not_regular(info.st_mode))
            check_size(info.st_size, limits)
            raw = _read_all(fd, min(info.st_size, limits.max_bytes) + 1, limits, regular=True)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise LoadError("no such file") from None
    except PermissionError:
        raise LoadError("permission denied") from None
    except IsADirectoryError:
        raise LoadError("is a directory") from None
    except OSError as error:
        raise LoadError(f"cannot read file: {error.strerror or error}") from None
    except ValueError:  # a NUL character in the name
        raise LoadError("invalid file name") from None
    check_size(len(raw), limits)
    return raw


def _read_all(fd: int, expected: int, limits: Limits, regular: bool = False) -> bytes:
    """What ``fd`` holds up to its end or one byte past the limit. ``expected`` (one byte more than
    the file said it holds) is asked for, not the limit: a read of the limit allocates that much;
    a file longer than it said (growing, or a size the kernel does not know) is read on in pieces.
    ``regular``: ``fd`` is a regular file, whose read returns less than asked only at its end; so a
    first read that returns exactly the size the file said, one byte short of what was asked, has
    met the end: no second read to be told so (one system call a file of the tens of thousands of
    a snapshot). A pipe hands over what was written so far: it is read until it says it ended."""
    parts: list[bytes] = []
    total, target = 0, expected
    while total < target:
        chunk = os.read(fd, min(target - total, CHUNK) if total else target)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if regular and total == len(chunk) == expected - 1:
            break
        if total == target and target == expected:
            target = limits.max_bytes + 1
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _not_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "not a regular file (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    return "not a regular file (a device)"


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LoadError(f"file is larger than the limit of {limits.max_bytes:,} bytes")


def decode(raw: bytes) -> str:
    """Bytes -> text: UTF-8 (with or without BOM), or UTF-16/UTF-32 (BOM, or JSON's rule)."""
    if raw.isascii() and b"\x00" not in raw[:_BINARY_PROBE]:
        # Most inputs: no BOM (its bytes are not ASCII), and without a NUL byte neither UTF-16 nor
        # UTF-32 (JSON's rule) nor a binary file: the bytes are the text.
        return raw.decode("ascii")
    encoding = json.detect_encoding(raw)  # BOMs, and RFC 4627's null-byte patterns
    if encoding == "utf-8" and b"\x00" in raw[:_BINARY_PROBE]:
        raise LoadError("binary file")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8":
            raise LoadError(f"cannot decode as {encoding.upper()}: {error.reason}") from None
        bad = raw[error.start]
        raise LoadError(f"invalid UTF-8 byte 0x{bad:02x} at byte offset {error.start}",
                        _utf8_position(raw, error.start)) from None
    if "\x00" in text[:_BINARY_PROBE]:
        raise LoadError("binary file")
    return text.removeprefix("\ufeff")


def _utf8_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(raw.count(b"\n", 0, offset) + 1, column)


def digest(raw: bytes, crc: int = 0, size: int = 0) -> tuple[int, int]:
    """What tells whether a file changed since it was read: its size and CRC-32 (computed in pieces)."""
    return size + len(raw), zlib.crc32(raw, crc)
