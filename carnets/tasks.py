"""Celery tasks of carnets: one call to a service each."""

from core.jobs import job_task


@job_task(name="carnets.batch_render", model="carnets.PrintBatch")
def render_batch_pdf(batch, *, progress) -> dict:
    """Render a print batch's PDF, reporting progress on the job row."""
    from carnets.services import batch_render_run

    return batch_render_run(batch=batch, progress=progress)


@job_task(name="carnets.stock_reminders_send", tracked=False)
def stock_and_maintenance_reminders() -> dict:
    """Daily (beat): e-mail the card team about low stock and printers due for maintenance."""
    from carnets.services import stock_reminders_send

    return stock_reminders_send()


@job_task(name="carnets.drive_packages_purge", tracked=False)
def purge_expired_drive_packages() -> dict:
    """Daily (beat): delete the stored files of expired drive packages (personal data kept for nothing)."""
    from carnets.services import drive_packages_purge_expired

    return drive_packages_purge_expired()


@job_task(name="carnets.drive_package_build", model="carnets.DrivePackage")
def build_drive_package(package, *, progress) -> dict:
    """Build a drive package's signed payload (a department's members), reporting progress."""
    from carnets.services.kit import drive_package_build_run, drive_package_failed

    try:
        return drive_package_build_run(package=package, progress=progress)
    except Exception:
        drive_package_failed(package_id=package.pk)
        raise
