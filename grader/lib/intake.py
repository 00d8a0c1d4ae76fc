#!/usr/bin/env python3
"""intake.py - turn one student's submission into a plain folder, safely.

    intake.py [--course DIR] ENTRY DEST
                             unpack ENTRY into DEST (which must not exist);
                             DIR is the course's exercises/ folder, used to
                             tell a wrapping folder from the layout itself
    intake.py --hash ENTRY   print the submission's hash (sha256, hex)

ENTRY is a folder, NAME.tar.gz, NAME.tgz, NAME.tar or NAME.zip. DEST
receives only regular files and folders: the *.c and *.h files found below
the submission's exercises/ folder (or below its top, when it has none), at
the same relative paths, so DEST is laid out like the course's exercises/.

Nothing in the submission is trusted:
- members with absolute paths, `..` components, control characters or
  absurdly long names are skipped (and reported), never written;
- symbolic links and hard links are skipped (and reported), never followed,
  in archives and in folders alike; so are devices, FIFOs and sockets;
- an archive may hold at most MAX_MEMBERS members and unpack to at most
  MAX_BYTES; past either it is rejected whole (a "zip bomb"), and the
  decompressed stream itself is counted, so lying headers gain nothing;
- a single wrapping folder (GitHub's repo-main/) is looked through, and an
  exercises/ folder is found at the top or one level down.

On success prints one JSON line: what was taken (path, size, sha256), what
was ignored (not C source, or outside exercises/) and what was skipped, with
the reason. On a bad submission prints one line on stderr saying what is
wrong and what to do, and exits 1; a usage or internal error exits 2.
Python 3 standard library only.
"""

import gzip
import hashlib
import json
import re
import os
import stat
import sys
import tarfile
import zipfile
import zlib

MAX_BYTES = 20 * 1024 * 1024        # unpacked size of an archive
MAX_MEMBERS = 2000                  # members of an archive
MAX_FOLDER_ENTRIES = 100000         # entries walked in a folder submission
MAX_SOURCE_BYTES = 20 * 1024 * 1024  # C files read from a folder submission
MAX_PATH = 1024
MAX_DEPTH = 32
MAX_LISTED = 50                     # ignored names listed in the summary
SKIP_DIRS = {".git", "__MACOSX"}    # never looked into
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".zip")

MIB = 1024 * 1024


class Rejected(Exception):
    """The submission as a whole cannot be used; the message says why."""


class Limited:
    """A read-only stream that fails once more than `limit` bytes came out
    of it: whatever a compressed archive's headers claim, no more than that
    is ever decompressed."""

    def __init__(self, raw, limit, name):
        self.raw = raw
        self.limit = limit
        self.name = name
        self.count = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.count += len(data)
        if self.count > self.limit:
            raise Rejected(
                f"{self.name} unpacks to more than {self.limit // MIB} MiB, "
                "far more than a course submission: it may be an archive "
                "bomb, or it holds build outputs or data. Resubmit an archive "
                "of the exercises/ folder only.")
        return data


def split_member(name):
    """The path components of an archive member, or (None, reason)."""
    if "\x00" in name:
        return None, "its name contains a NUL byte"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return None, "its name contains control characters"
    if len(name) > MAX_PATH:
        return None, "its name is too long"
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return None, "its name is not valid UTF-8 text"
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None, "it has an absolute path (only paths inside the archive are unpacked)"
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None, "its path leaves the archive's folder (a '..' component)"
    if len(parts) > MAX_DEPTH:
        return None, "it is nested too deeply"
    if any(len(p.encode("utf-8", "surrogateescape")) > 255 for p in parts):
        return None, "a part of its name is too long"
    return parts, None


class Collector:
    """What one submission holds: C files with their bytes, other files by
    name, and what was skipped, with the reason."""

    def __init__(self, label):
        self.label = label
        self.files = {}     # tuple(parts) -> bytes (C sources) or None
        self.dirs = set()   # tuple(parts)
        self.skipped = []   # {path, reason}
        self.members = 0
        self.bytes = 0

    def skip(self, path, reason):
        self.skipped.append({"path": path, "reason": reason})

    def count_member(self):
        self.members += 1
        if self.members > MAX_MEMBERS:
            raise Rejected(
                f"{self.label} holds more than {MAX_MEMBERS} files and folders, "
                "far more than a course submission (build outputs, or a whole "
                "home folder?). Resubmit an archive of the exercises/ folder "
                "only.")

    def add_bytes(self, n):
        self.bytes += n
        if self.bytes > MAX_BYTES:
            raise Rejected(
                f"{self.label} unpacks to more than {MAX_BYTES // MIB} MiB, far "
                "more than a course submission: it may be an archive bomb, or "
                "it holds build outputs or data. Resubmit an archive of the "
                "exercises/ folder only.")

    def add_dir(self, parts):
        for i in range(1, len(parts) + 1):
            self.dirs.add(tuple(parts[:i]))

    def add_file(self, parts, data):
        key = tuple(parts)
        self.add_dir(parts[:-1])
        self.files[key] = data


def is_source(parts):
    return parts[-1].endswith((".c", ".h"))


def read_capped(stream, declared, collector, label):
    """Reads one member's bytes, counting them against the cap as they
    come, whatever size the member declared."""
    chunks = []
    total = 0
    while True:
        chunk = stream.read(65536)
        if not chunk:
            break
        total += len(chunk)
        collector.add_bytes(len(chunk))
        chunks.append(chunk)
    if declared is not None and total != declared:
        raise Rejected(
            f"{label} is damaged: a member's size does not match its header. "
            "Create the archive again and resubmit.")
    return b"".join(chunks)


def damaged(label, how):
    example = "tar czf NAME.tar.gz exercises" if not label.endswith(".zip") else "zip -r NAME.zip exercises"
    return Rejected(
        f"{label} is damaged or incomplete ({how}). Create it again (for "
        f"example: {example}) and resubmit.")


def collect_tar(path, label):
    c = Collector(label)
    compressed = not path.endswith(".tar")
    try:
        raw = open(path, "rb")
    except OSError as e:
        raise Rejected(f"{label} cannot be read ({e.strerror}).")
    with raw:
        if compressed:
            if raw.read(2) != b"\x1f\x8b":
                raise Rejected(
                    f"{label} is not a gzip-compressed tar archive, whatever "
                    "its name says. Create it with: tar czf NAME.tar.gz "
                    "exercises (or submit a .zip) and resubmit.")
            raw.seek(0)
            stream = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            stream = raw
        limited = Limited(stream, MAX_BYTES + (MAX_MEMBERS + 16) * 1536, label)
        try:
            with tarfile.open(fileobj=limited, mode="r|") as tar:
                for member in tar:
                    c.count_member()
                    parts, reason = split_member(member.name)
                    shown = member.name
                    if parts is None:
                        c.skip(shown, reason)
                        continue
                    if not parts:
                        continue
                    if member.issym():
                        c.skip(shown, f"a symbolic link (to {member.linkname}); links are not followed, submit the file itself")
                    elif member.islnk():
                        c.skip(shown, f"a hard link (to {member.linkname}); links are not followed, submit the file itself")
                    elif member.isdir():
                        c.add_dir(parts)
                    elif member.isreg():
                        if member.size < 0 or member.size > MAX_BYTES:
                            c.add_bytes(MAX_BYTES + 1)
                        if is_source(parts):
                            f = tar.extractfile(member)
                            data = read_capped(f, member.size, c, label)
                        else:
                            # Counted, not kept: the stream skips its bytes.
                            c.add_bytes(member.size)
                            data = None
                        c.add_file(parts, data)
                    elif member.ischr() or member.isblk():
                        c.skip(shown, "a device file")
                    elif member.isfifo():
                        c.skip(shown, "a FIFO (named pipe)")
                    else:
                        c.skip(shown, "not a regular file or folder")
            # The rest of the stream, to its end: a gzip archive cut short
            # after its last member is still damaged (its checksum and
            # length come last), and must not pass for complete.
            while limited.read(65536):
                pass
        except Rejected:
            raise
        except (EOFError, zlib.error) as e:
            raise damaged(label, "it ends too early: a download or an upload cut short?"
                          if isinstance(e, EOFError) else f"its compressed data is corrupt: {e}")
        except gzip.BadGzipFile as e:
            raise damaged(label, f"bad gzip data: {e}")
        except tarfile.TarError as e:
            text = str(e)
            if "unexpected end" in text or "truncated" in text:
                raise damaged(label, "it ends too early: a download or an upload cut short?")
            raise damaged(label, f"not a valid tar archive inside: {text}")
        except OSError as e:
            raise damaged(label, str(e))
    return c


def collect_zip(path, label):
    c = Collector(label)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise Rejected(
            f"{label} is not a valid zip archive ({e}): damaged, cut short, or "
            "not a zip at all. Create it again (for example: zip -r "
            "NAME.zip exercises) and resubmit.")
    except OSError as e:
        raise Rejected(f"{label} cannot be read ({e.strerror}).")
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            c.members = len(infos) - 1
            c.count_member()
        declared = sum(max(i.file_size, 0) for i in infos)
        if declared > MAX_BYTES:
            c.add_bytes(declared)
        for info in infos:
            c.count_member()
            parts, reason = split_member(info.filename)
            if parts is None:
                c.skip(info.filename, reason)
                continue
            if not parts:
                continue
            mode = (info.external_attr >> 16) & 0xFFFF
            kind = stat.S_IFMT(mode) if info.create_system == 3 else 0
            if kind == stat.S_IFLNK:
                c.skip(info.filename, "a symbolic link; links are not followed, submit the file itself")
            elif info.is_dir() or kind == stat.S_IFDIR:
                c.add_dir(parts)
            elif kind not in (0, stat.S_IFREG):
                c.skip(info.filename, "a device, FIFO or other special file")
            elif info.flag_bits & 0x1:
                raise Rejected(
                    f"{label} is password-protected ({info.filename} is "
                    "encrypted). Resubmit it without a password.")
            elif is_source(parts):
                try:
                    with archive.open(info) as f:
                        data = read_capped(f, info.file_size, c, label)
                except (zipfile.BadZipFile, zlib.error, EOFError) as e:
                    raise damaged(label, f"{info.filename}: {e}")
                except NotImplementedError as e:
                    raise Rejected(
                        f"{label} uses a compression method this grader cannot "
                        f"read ({e}). Create it with zip -r NAME.zip exercises "
                        "(deflate) and resubmit.")
                c.add_file(parts, data)
            else:
                c.add_bytes(max(info.file_size, 0))
                c.add_file(parts, None)
    return c


def collect_folder(path, label):
    """A folder submission: walked without following any link."""
    c = Collector(label)
    walked = 0
    source_bytes = 0
    stack = [(path, [])]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            c.skip("/".join(prefix) or ".", f"cannot be read ({e.strerror})")
            continue
        for entry in entries:
            walked += 1
            if walked > MAX_FOLDER_ENTRIES:
                raise Rejected(
                    f"{label} holds more than {MAX_FOLDER_ENTRIES} files and "
                    "folders, far more than a course submission. Remove build "
                    "outputs and data, or submit the exercises/ folder only.")
            parts = prefix + [entry.name]
            shown = "/".join(parts)
            checked, reason = split_member(shown)
            if checked is None:
                c.skip(shown, reason)
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError as e:
                c.skip(shown, f"cannot be read ({e.strerror})")
                continue
            if stat.S_ISLNK(st.st_mode):
                c.skip(shown, "a symbolic link; links are not followed, submit the file itself")
            elif stat.S_ISDIR(st.st_mode):
                if entry.name in SKIP_DIRS:
                    continue
                c.add_dir(parts)
                stack.append((entry.path, parts))
            elif stat.S_ISREG(st.st_mode):
                if is_source(parts):
                    source_bytes += st.st_size
                    if source_bytes > MAX_SOURCE_BYTES:
                        raise Rejected(
                            f"{label} holds more than {MAX_SOURCE_BYTES // MIB} MiB "
                            "of .c and .h files, far more than a course "
                            "submission. Submit the exercises/ folder only.")
                    data = read_regular(entry.path, shown, c)
                    if data is None:
                        continue
                    c.add_file(parts, data)
                else:
                    c.add_file(parts, None)
            else:
                c.skip(shown, "a device, FIFO, socket or other special file")
    return c


def read_regular(path, shown, c):
    """A regular file's bytes, opened without following a link that may
    have replaced it since it was looked at."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as e:
        c.skip(shown, f"cannot be read ({e.strerror})")
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            c.skip(shown, "not a regular file")
            return None
        data = f.read(MAX_SOURCE_BYTES + 1)
    return data


def is_junk(name):
    """Files that archivers add on their own (macOS resource forks and
    folder settings): never taken, never a reason to see a wrapper."""
    return name.startswith("._") or name in (".DS_Store", "Thumbs.db", "desktop.ini")


def matches_course(c, root, course):
    """Whether some C file sits at ROOT/<lesson>/<step>/<file> for a step of
    the course (folders of the course's exercises/)."""
    n = len(root)
    for key, data in c.files.items():
        if data is None or key[:n] != root:
            continue
        rel = key[n:]
        if len(rel) == 3 and os.path.isdir(os.path.join(course, rel[0], rel[1])):
            return True
    return False


def find_root(c, course):
    """The folder laid out like exercises/: an exercises/ folder at the top
    or one level down, else the top or a single wrapping folder (GitHub's
    repo-main/), whichever holds the course's layout."""
    top_dirs = sorted({k[0] for k in c.dirs if len(k) == 1} - SKIP_DIRS)
    top_files = [k for k in c.files if len(k) == 1 and not is_junk(k[0])]
    nested = [d for d in top_dirs if (d, "exercises") in c.dirs]
    if ("exercises",) in c.dirs:
        return ("exercises",)
    if len(nested) > 1:
        raise Rejected(
            f"{c.label} holds several exercises/ folders "
            f"({', '.join(d + '/exercises' for d in nested)}), so it is not "
            "clear which one is the submission. Resubmit with only one.")
    if nested:
        return (nested[0], "exercises")
    wrapper = (top_dirs[0],) if len(top_dirs) == 1 and not top_files else None
    if course is not None:
        for root in ((), wrapper):
            if root is not None and matches_course(c, root, course):
                return root
    elif wrapper is not None and not re.match(r"^[0-9]+-", wrapper[0]):
        # A lesson's folder (01-queue/) at the top is the layout itself.
        return wrapper
    return ()


def summarize(c, root, dest):
    """Writes the C files below ROOT into DEST; returns what was taken, the
    other files below ROOT (ignored), and how many files lay outside it."""
    taken = []
    ignored = []
    outside = 0
    for key in sorted(c.files):
        data = c.files[key]
        path = "/".join(key)
        if key[:len(root)] != root or key[0] in SKIP_DIRS:
            outside += 1
            continue
        rel = key[len(root):]
        if data is None or is_junk(rel[-1]) or any(p in SKIP_DIRS for p in rel):
            ignored.append(path)
            continue
        try:
            write_file(dest, rel, data)
        except OSError as e:
            c.skip(path, f"could not be placed ({e.strerror}): another member has the same path")
            continue
        taken.append({"path": "/".join(rel), "size": len(data),
                      "sha256": hashlib.sha256(data).hexdigest()})
    return taken, ignored, outside


def write_file(dest, rel, data):
    folder = dest
    for part in rel[:-1]:
        folder = os.path.join(folder, part)
        try:
            os.mkdir(folder, 0o755)
        except FileExistsError:
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise OSError(17, "a file is in the way")
    fd = os.open(os.path.join(folder, rel[-1]),
                 os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def kind_of(entry):
    if os.path.islink(entry):
        raise Rejected(
            f"{os.path.basename(entry)} is a symbolic link; put the submission "
            "itself (a folder, .tar.gz, .tgz, .tar or .zip) in the submissions folder.")
    if os.path.isdir(entry):
        return "folder"
    if not os.path.isfile(entry):
        raise Rejected(f"{os.path.basename(entry)} is not a folder or a regular file.")
    lower = entry.lower()
    if lower.endswith((".tar.gz", ".tgz")):
        return "tar.gz"
    if lower.endswith(".tar"):
        return "tar"
    if lower.endswith(".zip"):
        return "zip"
    raise Rejected(
        f"{os.path.basename(entry)} is not a folder, .tar.gz, .tgz, .tar or .zip, "
        "so it cannot be unpacked. Resubmit the exercises/ folder as a .zip "
        "or .tar.gz.")


def submission_hash(entry):
    """sha256 of the submission as received: an archive's bytes, or a
    folder's names, kinds and contents (links by their target, never
    followed; .git/ left out)."""
    h = hashlib.sha256()
    if os.path.isdir(entry) and not os.path.islink(entry):
        h.update(b"folder\0")
        stack = [(entry, "")]
        walked = 0
        while stack:
            folder, prefix = stack.pop()
            try:
                entries = sorted(os.scandir(folder), key=lambda e: e.name)
            except OSError:
                h.update(f"unreadable {prefix}\0".encode("utf-8", "surrogateescape"))
                continue
            for e in entries:
                walked += 1
                if walked > MAX_FOLDER_ENTRIES:
                    h.update(b"too many\0")
                    return h.hexdigest()
                rel = (prefix + "/" + e.name).encode("utf-8", "surrogateescape")
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                if stat.S_ISLNK(st.st_mode):
                    h.update(b"l " + rel + b" " + os.fsencode(os.readlink(e.path)) + b"\0")
                elif stat.S_ISDIR(st.st_mode):
                    if e.name in SKIP_DIRS:
                        continue
                    h.update(b"d " + rel + b"\0")
                    stack.append((e.path, prefix + "/" + e.name))
                elif stat.S_ISREG(st.st_mode):
                    fh = hashlib.sha256()
                    try:
                        fd = os.open(e.path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
                        with os.fdopen(fd, "rb") as f:
                            for chunk in iter(lambda: f.read(1 << 20), b""):
                                fh.update(chunk)
                    except OSError:
                        fh.update(b"unreadable")
                    h.update(b"f " + rel + b" " + fh.hexdigest().encode() + b"\0")
                else:
                    h.update(b"s " + rel + b"\0")
    else:
        h.update(b"file\0")
        with open(entry, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def intake(entry, dest, course):
    label = os.path.basename(entry.rstrip("/")) or entry
    kind = kind_of(entry)
    if kind == "folder":
        c = collect_folder(entry, label)
    elif kind == "zip":
        c = collect_zip(entry, label)
    else:
        c = collect_tar(entry, label)
    sources = [k for k, v in c.files.items() if v is not None]
    if not sources:
        raise Rejected(
            f"{label} holds no C source files (.c or .h) at all. Resubmit "
            "the exercises/ folder (or the whole repository) with the edited "
            "files in it.")
    root = find_root(c, course)
    os.mkdir(dest, 0o755)
    taken, ignored, outside = summarize(c, root, dest)
    return {
        "ok": True,
        "entry": label,
        "kind": kind,
        "submission_hash": submission_hash(entry),
        "root": "/".join(root),
        "taken": taken,
        "ignored": ignored[:MAX_LISTED],
        "ignored_more": max(len(ignored) - MAX_LISTED, 0),
        "outside": outside,
        "skipped": c.skipped[:MAX_LISTED],
        "skipped_more": max(len(c.skipped) - MAX_LISTED, 0),
        "members": c.members if kind != "folder" else None,
        "bytes": c.bytes if kind != "folder" else None,
    }


USAGE = "usage: intake.py [--course DIR] ENTRY DEST | intake.py --hash ENTRY"


def main(argv):
    args = argv[1:]
    if len(args) == 2 and args[0] == "--hash":
        entry = args[1]
        if not os.path.lexists(entry):
            print(f"intake: {entry} does not exist", file=sys.stderr)
            return 2
        try:
            if os.path.islink(entry):
                print(hashlib.sha256(b"link\0" + os.fsencode(os.readlink(entry))).hexdigest())
            else:
                print(submission_hash(entry))
        except OSError as e:
            print(f"{os.path.basename(entry)} cannot be read ({e.strerror}).", file=sys.stderr)
            return 1
        return 0
    course = None
    if len(args) >= 2 and args[0] == "--course":
        course = args[1]
        args = args[2:]
        if not os.path.isdir(course):
            print(f"intake: --course {course} is not a folder", file=sys.stderr)
            return 2
    if len(args) != 2 or args[0].startswith("-"):
        print(USAGE, file=sys.stderr)
        return 2
    entry, dest = args
    if not os.path.lexists(entry):
        print(f"intake: {entry} does not exist", file=sys.stderr)
        return 2
    if os.path.lexists(dest):
        print(f"intake: {dest} already exists; give a folder that does not exist yet", file=sys.stderr)
        return 2
    try:
        summary = intake(entry, dest, course)
    except Rejected as e:
        print(str(e), file=sys.stderr)
        return 1
    except MemoryError:
        print(f"{os.path.basename(entry)} is too large to unpack. Resubmit an "
              "archive of the exercises/ folder only.", file=sys.stderr)
        return 1
    print(json.dumps(summary, ensure_ascii=False, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
