"""The Django admin shows the directory of professionals only.

Cases are not registered: the admin's staff (superusers) would see every case, and the issue
keeps them to the secretariat's role and the assigned professional. They are worked on the pages.
"""

from django.contrib import admin

from solidarity.models import Professional


@admin.register(Professional)
class ProfessionalAdmin(admin.ModelAdmin):
    list_display = ["name", "specialty", "territory", "availability", "active"]
    list_filter = ["specialty", "availability", "active"]
    search_fields = ["name"]
    raw_id_fields = ["territory", "user"]
