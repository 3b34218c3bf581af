"""Quality of the catalogs: the checks, the termbase and the publish gate."""
