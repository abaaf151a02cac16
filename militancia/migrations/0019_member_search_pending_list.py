from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("militancia", "0018_member_lighter_indexes"),
    ]

    operations = [
        # New names wait in the GIN index's pending list (32 MB: a 100,000-row roster import)
        # instead of being merged while the import runs; militancia.search_index_merge merges
        # them right after (services/search_index.py).
        migrations.RunSQL(
            "ALTER INDEX member_search_vector SET (fastupdate = on, gin_pending_list_limit = 32768)",
            "ALTER INDEX member_search_vector RESET (fastupdate, gin_pending_list_limit)",
        ),
    ]
