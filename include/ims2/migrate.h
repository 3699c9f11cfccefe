/* The numbered migrations of the workspace schema (src/core/migrate.c). */
#ifndef IMS2_MIGRATE_H
#define IMS2_MIGRATE_H

/* The schema version this build writes: the number of migrations. */
int migrate_count(void);
/* The SQL of migration `version` (1-based), or NULL. */
const char *migrate_sql(int version);

#endif
