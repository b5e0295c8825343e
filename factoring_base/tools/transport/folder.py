# Copyright 2026 Odoo Factoring contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A local (or mounted) folder as the target."""

import dataclasses
import errno
import os

from .common import MissingDirectoryError, Remote, Settings, TransferError, chunks


@dataclasses.dataclass(repr=False)
class FolderSettings(Settings):
    path: str  # a local (or mounted) folder, which must exist


class FolderRemote(Remote):
    files = os

    def __init__(self, settings):
        super().__init__(f"folder '{settings.path}'", settings.path)

    def connect(self):
        if not self.directory or not os.path.isdir(self.directory):
            raise self.error(MissingDirectoryError, "the folder does not exist or is not a directory")

    def write(self, name, content, progress):  # pylint: disable=method-required-super  # not an Odoo model
        with open(self.path(name), "wb") as handle:
            handle.writelines(chunks(content, progress))
            handle.flush()
            os.fsync(handle.fileno())

    def rename(self, source, target):
        source_path, target_path = self.path(source), self.path(target)
        try:
            os.link(source_path, target_path)  # link + unlink never replaces an existing target (rename would)
        except OSError as exc:
            if isinstance(exc, FileExistsError) or exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EMLINK):
                raise
            if os.path.lexists(target_path):  # no hard links on this file system: check, then rename
                raise FileExistsError(errno.EEXIST, "target exists", target_path) from exc
            os.rename(source_path, target_path)
        else:
            os.unlink(source_path)
        descriptor = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)  # the new name survives a crash
        finally:
            os.close(descriptor)

    def describe(self, pin_note=""):
        if not os.access(self.directory, os.W_OK | os.X_OK):
            raise self.error(TransferError, "the folder is not writable: permission denied")
        return f"Folder '{self.directory}' exists and is writable."

    def close(self, graceful=True):
        pass
