"""File storage without a public address: files are served only by `core.views.files`."""

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Local files with no URL: a file field not registered in `core.files` cannot leak a /media/ link."""

    def url(self, name):
        raise ValueError(f"{name!r} has no public URL: register its field with core.files.register_protected_file().")
