"""Files -> bytes -> text: what the loader and the positions read again share (below both)."""
from __future__ import annotations

import json
import os
import stat
import zlib

from trail_lint.load.base import Limits, LoadError
from trail_lint.model import Position

_BINARY_PROBE = 8192


def read_bytes(path: str, limits: Limits) -> bytes:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(_not_regular(info.st_mode))
        check_size(info.st_size, limits)
        # O_NONBLOCK: if the path was swapped for a FIFO after the stat, open must not hang.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise LoadError(_not_regular(info.st_mode))
            # Ask for what the file holds, not for the limit: a read of the limit allocates that much.
            expected = min(info.st_size, limits.max_bytes) + 1
            raw = handle.read(expected)
            if len(raw) == expected:     # longer than it said (growing, or a size the kernel does not know)
                raw += handle.read(limits.max_bytes + 1 - len(raw))
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
