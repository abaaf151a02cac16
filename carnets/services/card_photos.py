"""Card copies of member photos made ahead of any print batch (`manage.py card_photos_prepare`).

A photo stored by `save()` gets its card copy then (carnets.photos.member_photo_stored); photos
stored before that existed (an upgraded installation) or written straight into storage (a bulk
load) have none, and the first batch that meets them shrinks them first (about half the speed
of a batch whose copies are ready). Making them once, ahead, keeps every batch at full speed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from carnets.photos import cache_dir, cache_entry, card_photo_paths
from core.models import Territory
from militancia.models import Member

# Members read per query: a few hundred kilobytes of names, and enough photos per pool run to
# keep every core busy.
PREPARE_BATCH = 5000
# Members whose photo could not be read named in the result (the count has them all).
UNREADABLE_LISTED = 100


@dataclass
class CardPhotosPrepared:
    """What a run found: each member photo is counted once, in exactly one of `made`, `present`
    or `unreadable` (with `dry_run`, `made` is what would be made)."""

    photos: int = 0
    made: int = 0
    present: int = 0
    unreadable: int = 0
    seconds: float = 0.0
    unreadable_ids: list[int] = field(default_factory=list)  # the first UNREADABLE_LISTED

    def add_unreadable(self, pk: int) -> None:
        self.unreadable += 1
        if len(self.unreadable_ids) < UNREADABLE_LISTED:
            self.unreadable_ids.append(pk)


def card_photos_prepare(
    *,
    territory: Territory | None = None,
    dry_run: bool = False,
    batch_size: int = PREPARE_BATCH,
    workers: int | None = None,
    progress: Callable[[CardPhotosPrepared], None] | None = None,
) -> CardPhotosPrepared:
    """Make the missing card copy of every member photo (only under `territory` when given).

    Members are read by keyset pages of `batch_size` in id order, so memory stays flat at any
    registry size and no transaction stays open; each page's missing copies are shrunk on every
    core (`card_photo_paths`). Idempotent: a copy already made is counted as present and left
    alone. A photo that cannot be read (its file is gone or damaged) is counted as unreadable and
    the run goes on; a batch would print the placeholder for it. `dry_run` reads no image: a
    file damaged inside is found only when it is shrunk, so it is counted among those to make.
    Run from the server's console (the system acts, on files only: no record changes).
    """
    started = time.monotonic()
    result = CardPhotosPrepared()
    members = Member._base_manager.exclude(photo="")
    if territory is not None:
        members = members.filter(territory__in=Territory.objects.subtree([territory]).values("pk"))
    media_root, folder = str(settings.MEDIA_ROOT), str(cache_dir())
    last_pk = 0
    while rows := list(members.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "photo")[:batch_size]):
        last_pk = rows[-1][0]
        to_make = []
        for pk, name in rows:
            target = cache_entry(media_root, folder, name)[1]
            if not target:
                result.add_unreadable(pk)
            elif os.path.exists(target):
                result.present += 1
            else:
                to_make.append((pk, name))
        result.photos += len(rows)
        if dry_run:
            result.made += len(to_make)
        else:
            paths = card_photo_paths((name for _pk, name in to_make), workers=workers)
            for (pk, _name), path in zip(to_make, paths, strict=True):
                if path:
                    result.made += 1
                else:
                    result.add_unreadable(pk)
        result.seconds = time.monotonic() - started
        if progress is not None:
            progress(result)
    result.seconds = time.monotonic() - started
    return result
